package fm.seda.engine.evaluation;

import java.util.Arrays;

/**
 * The ranking metrics of one recommended list against one user's held-out items (binary relevance),
 * and the list-level measures of novelty and diversity.
 */
public final class Metrics {

  private Metrics() {}

  /** How many of the first {@code k} recommended items are relevant. */
  static int hits(int[] recommended, int[] relevant, int k) {
    int hits = 0;
    for (int r = 0; r < Math.min(k, recommended.length); r++) {
      if (Arrays.binarySearch(relevant, recommended[r]) >= 0) {
        hits++;
      }
    }
    return hits;
  }

  /** The share of the relevant items found in the first {@code k}. */
  public static double recall(int[] recommended, int[] relevant, int k) {
    return relevant.length == 0 ? 0 : (double) hits(recommended, relevant, k) / relevant.length;
  }

  /** 1 when any of the first {@code k} is relevant. */
  public static double hitRate(int[] recommended, int[] relevant, int k) {
    return hits(recommended, relevant, k) > 0 ? 1 : 0;
  }

  /**
   * Normalised discounted cumulative gain: the gain of a relevant item at rank r (from 1) is 1 /
   * log2(r + 1), divided by the gain of the best possible list (all relevant items first).
   */
  public static double ndcg(int[] recommended, int[] relevant, int k) {
    double dcg = 0;
    for (int r = 0; r < Math.min(k, recommended.length); r++) {
      if (Arrays.binarySearch(relevant, recommended[r]) >= 0) {
        dcg += 1 / log2(r + 2);
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.length); r++) {
      ideal += 1 / log2(r + 2);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  /**
   * Average precision at k: the precision at each rank holding a relevant item, summed and divided
   * by min(|relevant|, k), the most relevant items k ranks can hold.
   */
  public static double averagePrecision(int[] recommended, int[] relevant, int k) {
    double sum = 0;
    int hits = 0;
    for (int r = 0; r < Math.min(k, recommended.length); r++) {
      if (Arrays.binarySearch(relevant, recommended[r]) >= 0) {
        hits++;
        sum += (double) hits / (r + 1);
      }
    }
    int most = Math.min(relevant.length, k);
    return most == 0 ? 0 : sum / most;
  }

  /**
   * Mean self-information of the first {@code k} items, in bits: −log2 of the share of training
   * users who have the item (an item nobody has counts as one user). Higher is less popular.
   */
  public static double novelty(int[] recommended, int k, int[] itemUserCounts, int users) {
    int n = Math.min(k, recommended.length);
    if (n == 0) {
      return 0;
    }
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += -log2((double) Math.max(1, itemUserCounts[recommended[r]]) / users);
    }
    return sum / n;
  }

  /** Mean distance (1 − similarity) over the pairs of the first {@code k} items; 0 below two. */
  public static double intraListDiversity(int[] recommended, int k, ItemSimilarity similarity) {
    int n = Math.min(k, recommended.length);
    if (n < 2) {
      return 0;
    }
    double sum = 0;
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        sum += 1 - similarity.between(recommended[a], recommended[b]);
      }
    }
    return sum / (n * (n - 1) / 2.0);
  }

  /** How alike two items are, 0..1. */
  @FunctionalInterface
  public interface ItemSimilarity {
    double between(int a, int b);
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
