package fm.seda.engine.evaluation;

import fm.seda.engine.ranking.LinearScorer;
import fm.seda.engine.ranking.RankingWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A grid search over the hybrid's four weights (multiples of {@value #STEP} summing to 1) on a
 * validation split carved out of the training part the same way the test split was made: the test
 * part is never looked at. The best weights by NDCG at the first K win (ties to the earlier grid
 * point).
 */
public final class Tuning {

  static final double STEP = 0.25;

  /** Validation users scored per grid point at most: a seeded sample keeps a large world quick. */
  static final int MAX_VALIDATION_USERS = 2_000;

  /** One grid point and its validation score. */
  public record Trial(RankingWeights weights, double ndcg) {}

  /** The best weights and every trial, in grid order. */
  public record Outcome(
      RankingWeights best, double bestNdcg, int k, int validationUsers, List<Trial> trials) {}

  private Tuning() {}

  public static Outcome search(
      Dataset dataset,
      float @Nullable [] @Nullable [] itemVectors,
      Evaluation.Options options,
      Consumer<String> progress) {
    Ratings all = Ratings.of(dataset);
    boolean temporal = dataset.timed();
    Split test = Split.of(all, options.testShare(), options.seed(), temporal);
    Split validation = Split.of(test.train(), options.testShare(), options.seed() + 1, temporal);
    int[] users = sample(validation.testUsers(), options.seed());
    var c =
        Evaluation.Components.build(validation.train(), dataset, itemVectors, options, progress);
    int k = options.ks().getFirst();
    // candidates and their signals do not depend on the weights: made once, ranked per grid point
    Hybrid hybrid = c.hybrid(options.weights());
    List<List<Hybrid.Candidate>> candidates =
        IntStream.of(users).parallel().mapToObj(hybrid::candidates).toList();
    progress.accept("tune: candidates of " + users.length + " validation users ready");
    var trials = new ArrayList<Trial>();
    Trial best = null;
    List<RankingWeights> grid = grid();
    for (RankingWeights w : grid) {
      var scorer = new LinearScorer(w);
      double ndcg =
          IntStream.range(0, users.length)
              .parallel()
              .mapToDouble(
                  t ->
                      Metrics.ndcg(
                          hybrid.rank(candidates.get(t), scorer, k),
                          validation.test()[users[t]],
                          k))
              .sum();
      var trial = new Trial(w, users.length == 0 ? 0 : ndcg / users.length);
      trials.add(trial);
      if (best == null || trial.ndcg() > best.ndcg()) {
        best = trial;
      }
      progress.accept(
          "tune "
              + trials.size()
              + "/"
              + grid.size()
              + ": "
              + w
              + " ndcg@"
              + k
              + " "
              + String.format("%.4f", trial.ndcg()));
    }
    return new Outcome(best.weights(), best.ndcg(), k, users.length, trials);
  }

  /** Every (content, collaborative, social, popularity) in steps of {@value #STEP} summing to 1. */
  static List<RankingWeights> grid() {
    int n = (int) Math.round(1 / STEP);
    var grid = new ArrayList<RankingWeights>();
    for (int a = 0; a <= n; a++) {
      for (int b = 0; a + b <= n; b++) {
        for (int s = 0; a + b + s <= n; s++) {
          int p = n - a - b - s;
          grid.add(new RankingWeights(a * STEP, b * STEP, s * STEP, p * STEP));
        }
      }
    }
    return grid;
  }

  private static int[] sample(int[] users, long seed) {
    if (users.length <= MAX_VALIDATION_USERS) {
      return users;
    }
    int[] copy = users.clone();
    var random = new SplittableRandom(seed);
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int x = copy[i];
      copy[i] = copy[j];
      copy[j] = x;
    }
    return IntStream.of(copy).limit(MAX_VALIDATION_USERS).sorted().toArray();
  }
}
