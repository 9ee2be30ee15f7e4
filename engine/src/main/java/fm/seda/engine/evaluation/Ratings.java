package fm.seda.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's distinct items, with the summed weight and the latest time of their interactions,
 * items in ascending order. What recommenders are built from and what a split divides.
 */
public final class Ratings {

  private final int itemCount;
  private final int[][] items;
  private final double[][] weights;
  private final long[][] times;

  Ratings(int itemCount, int[][] items, double[][] weights, long[][] times) {
    this.itemCount = itemCount;
    this.items = items;
    this.weights = weights;
    this.times = times;
  }

  public static Ratings of(Dataset dataset) {
    List<Map<Integer, double[]>> byUser = new ArrayList<>();
    for (int u = 0; u < dataset.users(); u++) {
      byUser.add(new HashMap<>());
    }
    for (Dataset.Interaction i : dataset.interactions()) {
      double[] acc =
          byUser.get(i.user()).computeIfAbsent(i.item(), k -> new double[] {0, Long.MIN_VALUE});
      acc[0] += i.weight();
      acc[1] = Math.max(acc[1], i.time());
    }
    int users = dataset.users();
    int[][] items = new int[users][];
    double[][] weights = new double[users][];
    long[][] times = new long[users][];
    for (int u = 0; u < users; u++) {
      Map<Integer, double[]> m = byUser.get(u);
      int[] its = m.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      items[u] = its;
      weights[u] = new double[its.length];
      times[u] = new long[its.length];
      for (int k = 0; k < its.length; k++) {
        weights[u][k] = m.get(its[k])[0];
        times[u][k] = (long) m.get(its[k])[1];
      }
    }
    return new Ratings(dataset.itemCount(), items, weights, times);
  }

  public int users() {
    return items.length;
  }

  public int itemCount() {
    return itemCount;
  }

  /** The user's items, ascending. */
  public int[] items(int user) {
    return items[user];
  }

  public double[] weights(int user) {
    return weights[user];
  }

  long[] times(int user) {
    return times[user];
  }

  /** Whether the user has {@code item}. */
  public boolean has(int user, int item) {
    return Arrays.binarySearch(items[user], item) >= 0;
  }

  /** How many users have each item. */
  public int[] itemUserCounts() {
    int[] counts = new int[itemCount];
    for (int[] its : items) {
      for (int i : its) {
        counts[i]++;
      }
    }
    return counts;
  }
}
