package fm.seda.engine.evaluation;

import fm.seda.engine.cf.AlsModel;
import fm.seda.engine.ranking.DiversitySelector;
import fm.seda.engine.ranking.LinearScorer;
import fm.seda.engine.ranking.RankingSignals;
import fm.seda.engine.ranking.RankingWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server's ranking offline: candidates from each source (content, collaborative, social,
 * popularity; {@code perSource} each, as the server's {@code seda.ranking.candidates-per-source}),
 * the four signals mapped as the feed ranker maps them, the linear score with the given weights,
 * and the diversity selector (MMR over the item embeddings, at least 30 % novel, cluster runs by
 * first tag) over the best three lists' worth. Recency and provider affinity are neutral (1): an
 * offline log has neither.
 *
 * <p>Every candidate is new to the user here (training items are never recommended), so the
 * novel-share rule always holds; the evaluation reports the share it measures in the lists.
 */
final class Hybrid implements Recommender {

  static final int POOL_FACTOR = 3;

  private final String name;
  private final Ratings train;
  private final ContentProfiles content;
  private final AlsModel als;
  private final int[][] friends;
  private final double[] popularity;
  private final List<Dataset.Item> items;
  private final LinearScorer scorer;
  private final DiversitySelector selector;
  private final int perSource;
  private final List<Recommender> sources;

  Hybrid(
      String name,
      Ratings train,
      ContentProfiles content,
      AlsModel als,
      int[][] friends,
      List<Dataset.Item> items,
      RankingWeights weights,
      int perSource,
      List<Recommender> sources) {
    this.name = name;
    this.train = train;
    this.content = content;
    this.als = als;
    this.friends = friends;
    this.popularity = Baselines.popularityShares(train);
    this.items = items;
    this.scorer = new LinearScorer(weights);
    this.selector = new DiversitySelector(DiversitySelector.Options.DEFAULT);
    this.perSource = perSource;
    this.sources = sources;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int[] recommend(int user, int k) {
    return rank(candidates(user), scorer, k);
  }

  /** A candidate with what ranking it needs; none of it depends on the weights. */
  record Candidate(
      int item, RankingSignals signals, String cluster, boolean novel, float @Nullable [] vector) {}

  /** The user's candidates from every source, each with its four signals mapped to 0..1. */
  List<Candidate> candidates(int user) {
    var items = new LinkedHashSet<Integer>();
    for (Recommender source : sources) {
      for (int item : source.recommend(user, perSource)) {
        items.add(item);
      }
    }
    float[] taste = content.taste(user);
    var candidates = new ArrayList<Candidate>(items.size());
    for (int item : items) {
      double s = friendsWith(user, item);
      var signals =
          new RankingSignals(
              clamp(content.cosine(taste, item)),
              clamp(als.score(user, item)),
              s / (s + 2),
              clamp(popularity[item]),
              1,
              1);
      List<String> tags = this.items.get(item).tags();
      candidates.add(
          new Candidate(
              item,
              signals,
              tags.isEmpty() ? "item:" + item : tags.getFirst(),
              !train.has(user, item),
              content.unitVector(item)));
    }
    return candidates;
  }

  /** Scores the candidates with {@code scorer}'s weights and selects up to {@code k}. */
  int[] rank(List<Candidate> candidates, LinearScorer scorer, int k) {
    var choices = new ArrayList<DiversitySelector.Choice<Integer>>(candidates.size());
    for (Candidate c : candidates) {
      choices.add(
          new DiversitySelector.Choice<>(
              c.item(), scorer.score(c.signals()).total(), c.cluster(), c.novel(), c.vector()));
    }
    choices.sort(
        Comparator.comparingDouble((DiversitySelector.Choice<Integer> c) -> -c.relevance())
            .thenComparingInt(DiversitySelector.Choice::item));
    var pool = choices.subList(0, Math.min(choices.size(), POOL_FACTOR * k));
    var selected = selector.select(pool, k);
    int[] list = new int[selected.size()];
    for (int r = 0; r < list.length; r++) {
      list[r] = selected.get(r).item();
    }
    return list;
  }

  private double friendsWith(int user, int item) {
    int n = 0;
    for (int f : friends[user]) {
      if (train.has(f, item)) {
        n++;
      }
    }
    return n;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
