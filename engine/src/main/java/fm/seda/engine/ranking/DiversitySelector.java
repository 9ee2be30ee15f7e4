package fm.seda.engine.ranking;

import fm.seda.engine.simd.Dot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks a feed of up to {@code size} items from scored candidates by maximal marginal relevance,
 * under three rules: at least {@code minNovelShare} of the picked items are novel, no item nearly
 * duplicates one already picked, and no more than {@code maxClusterRun} consecutive items share a
 * cluster.
 *
 * <p>Design note. MMR (Carbonell and Goldstein, SIGIR 1998) picks, one at a time, the candidate
 * maximising {@code λ·relevance − (1 − λ)·max similarity to the picked items}: λ = 1 is plain
 * ranking, lower λ trades relevance for variety. It is the greedy, explainable cousin of a DPP's
 * MAP inference (Chen et al., NeurIPS 2018, which the architecture's "determinantal heuristics"
 * point to) at a fraction of the cost: O(size × candidates × dim). Relevance is divided by the best
 * candidate's so it shares the 0..1 scale of cosine similarity. Similarity is the cosine of the two
 * items' vectors when both have one, else 0.5 for the same cluster and 0 otherwise, so items
 * without vectors still spread across clusters.
 *
 * <p>The novelty rule is a constraint, not a penalty: the feed is shortened rather than delivered
 * with fewer than the promised share of new items, since the share is a product promise (≥ 30 %
 * novel, architecture §6). The target size is the largest that the novel candidates can satisfy; at
 * each step, when the novel items still owed fill the remaining slots, only novel items are
 * eligible. A near-duplicate (cosine ≥ {@code nearDuplicateSimilarity} to a picked item) is dropped
 * for good. The cluster-run rule yields only when every eligible candidate would break it (a
 * one-genre user still gets a feed).
 */
public final class DiversitySelector {

  /**
   * @param lambda the MMR trade-off, 0..1: 1 ranks by relevance alone
   * @param minNovelShare the least share of novel items in a feed, 0..1
   * @param maxClusterRun the most consecutive items of one cluster, ≥ 1
   * @param nearDuplicateSimilarity the cosine at or above which an item duplicates a picked one
   */
  public record Options(
      double lambda, double minNovelShare, int maxClusterRun, double nearDuplicateSimilarity) {

    /** λ 0.7, 30 % novel, runs of at most 2, near-duplicates at cosine 0.97. */
    public static final Options DEFAULT = new Options(0.7, 0.3, 2, 0.97);

    public Options {
      if (!(lambda >= 0 && lambda <= 1)) {
        throw new IllegalArgumentException("lambda must be within 0..1, got " + lambda);
      }
      if (!(minNovelShare >= 0 && minNovelShare <= 1)) {
        throw new IllegalArgumentException(
            "minNovelShare must be within 0..1, got " + minNovelShare);
      }
      if (maxClusterRun < 1) {
        throw new IllegalArgumentException("maxClusterRun must be >= 1, got " + maxClusterRun);
      }
      if (!(nearDuplicateSimilarity > 0 && nearDuplicateSimilarity <= 1)) {
        throw new IllegalArgumentException(
            "nearDuplicateSimilarity must be within (0, 1], got " + nearDuplicateSimilarity);
      }
    }
  }

  /**
   * A candidate for selection.
   *
   * @param relevance its score, ≥ 0 (the linear score)
   * @param cluster what groups near items (a genre, an artist): runs and vector-less similarity
   * @param novel whether it is new to the user
   * @param vector its embedding, or null when it has none
   */
  public record Choice<T>(
      T item, double relevance, String cluster, boolean novel, float @Nullable [] vector) {
    public Choice {
      if (!(relevance >= 0) || Double.isInfinite(relevance)) {
        throw new IllegalArgumentException("relevance must be finite and >= 0, got " + relevance);
      }
    }
  }

  /**
   * A picked item, in feed order.
   *
   * @param rank 0-based position
   * @param redundancy its highest similarity to an item picked before it: the diversity penalty it
   *     paid is {@code (1 − λ) × redundancy}
   */
  public record Selected<T>(T item, int rank, double relevance, double redundancy, boolean novel) {}

  private final Options options;

  public DiversitySelector(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  public <T> List<Selected<T>> select(List<Choice<T>> choices, int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    int n = choices.size();
    int novelAvailable = 0;
    double maxRelevance = 0;
    for (Choice<T> c : choices) {
      novelAvailable += c.novel() ? 1 : 0;
      maxRelevance = Math.max(maxRelevance, c.relevance());
    }
    int target = Math.min(size, n);
    while (target > 0 && novelOwed(target) > novelAvailable) {
      target--;
    }

    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      norms[i] = norm(choices.get(i).vector());
    }
    double[] redundancy = new double[n];
    boolean[] gone = new boolean[n];
    var picked = new ArrayList<Selected<T>>(target);
    int novelPicked = 0;
    @Nullable String lastCluster = null;
    int run = 0;
    for (int step = 0; step < target; step++) {
      boolean onlyNovel = novelOwed(target) - novelPicked >= target - step;
      int best = -1;
      int bestBreakingRun = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      double bestBreakingScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        Choice<T> c = choices.get(i);
        if (gone[i] || (onlyNovel && !c.novel())) {
          continue;
        }
        double relevance = maxRelevance == 0 ? 0 : c.relevance() / maxRelevance;
        double mmr = options.lambda() * relevance - (1 - options.lambda()) * redundancy[i];
        boolean breaksRun = c.cluster().equals(lastCluster) && run >= options.maxClusterRun();
        if (breaksRun) {
          if (mmr > bestBreakingScore) {
            bestBreakingScore = mmr;
            bestBreakingRun = i;
          }
        } else if (mmr > bestScore) {
          bestScore = mmr;
          best = i;
        }
      }
      if (best < 0) {
        best = bestBreakingRun; // every eligible item shares the cluster: the run rule yields
      }
      if (best < 0) {
        break; // near-duplicates removed what the novelty rule needed
      }
      Choice<T> chosen = choices.get(best);
      gone[best] = true;
      picked.add(
          new Selected<>(
              chosen.item(), picked.size(), chosen.relevance(), redundancy[best], chosen.novel()));
      novelPicked += chosen.novel() ? 1 : 0;
      run = chosen.cluster().equals(lastCluster) ? run + 1 : 1;
      lastCluster = chosen.cluster();
      for (int i = 0; i < n; i++) {
        if (gone[i]) {
          continue;
        }
        double sim = similarity(chosen, norms[best], choices.get(i), norms[i]);
        if (sim >= options.nearDuplicateSimilarity() && bothHaveVectors(chosen, choices.get(i))) {
          gone[i] = true;
        } else if (sim > redundancy[i]) {
          redundancy[i] = sim;
        }
      }
    }
    return keepNovelShare(picked, novelPicked);
  }

  /** Novel items a feed of {@code size} must hold. */
  int novelOwed(int size) {
    return (int) Math.ceil(options.minNovelShare() * size - 1e-9);
  }

  /** After an early stop, drops trailing familiar items until the novel share holds again. */
  private <T> List<Selected<T>> keepNovelShare(List<Selected<T>> picked, int novelPicked) {
    var kept = new ArrayList<>(picked);
    while (!kept.isEmpty() && novelOwed(kept.size()) > novelPicked) {
      int last = kept.size() - 1;
      while (last >= 0 && kept.get(last).novel()) {
        last--;
      }
      if (last < 0) {
        break;
      }
      kept.remove(last);
    }
    var ranked = new ArrayList<Selected<T>>(kept.size());
    for (int i = 0; i < kept.size(); i++) {
      Selected<T> s = kept.get(i);
      ranked.add(new Selected<>(s.item(), i, s.relevance(), s.redundancy(), s.novel()));
    }
    return ranked;
  }

  private static boolean bothHaveVectors(Choice<?> a, Choice<?> b) {
    return a.vector() != null && b.vector() != null;
  }

  private static double similarity(Choice<?> a, double normA, Choice<?> b, double normB) {
    float[] va = a.vector();
    float[] vb = b.vector();
    if (va != null && vb != null && va.length == vb.length && normA > 0 && normB > 0) {
      // in SIMD lanes: this comparison of every pick with every candidate was 12 % of a nightly
      // batch feed's time with a scalar loop
      return Math.max(0, Dot.dot(va, vb) / (normA * normB));
    }
    return a.cluster().equals(b.cluster()) ? 0.5 : 0;
  }

  private static double norm(float @Nullable [] v) {
    if (v == null) {
      return 0;
    }
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
