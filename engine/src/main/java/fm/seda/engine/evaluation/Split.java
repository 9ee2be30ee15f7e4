package fm.seda.engine.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A division of each user's items into training and held-out parts. With times on every
 * interaction, per user temporal: the most recent {@code testShare} of a user's items are held out
 * (ties broken by item index). Without, a seeded random leave-k-out with k = {@code testShare} of
 * the user's items: the same seed gives the same split. Either way at least one item is held out
 * and one kept, and users with fewer than two items are only trained on.
 *
 * @param test each user's held-out items, ascending (empty for users not tested)
 * @param method {@code temporal} or {@code random}
 */
public record Split(Ratings train, int[][] test, String method) {

  public static Split of(Ratings all, double testShare, long seed, boolean temporal) {
    if (!(testShare > 0 && testShare < 1)) {
      throw new IllegalArgumentException(
          "the held-out share must be within (0, 1), got " + testShare);
    }
    int users = all.users();
    int[][] trainItems = new int[users][];
    double[][] trainWeights = new double[users][];
    long[][] trainTimes = new long[users][];
    int[][] test = new int[users][];
    for (int u = 0; u < users; u++) {
      int[] items = all.items(u);
      int n = items.length;
      int held = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(testShare * n)));
      Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      if (temporal) {
        long[] times = all.times(u);
        Arrays.sort(
            order, Comparator.comparingLong((Integer k) -> times[k]).thenComparing(k -> items[k]));
      } else {
        shuffle(order, new SplittableRandom(seed * 31 + u));
      }
      // the last `held` positions of the order are held out
      boolean[] heldOut = new boolean[n];
      for (int p = n - held; p < n; p++) {
        heldOut[order[p]] = true;
      }
      int kept = n - held;
      trainItems[u] = new int[kept];
      trainWeights[u] = new double[kept];
      trainTimes[u] = new long[kept];
      test[u] = new int[held];
      int t = 0;
      int h = 0;
      for (int k = 0; k < n; k++) {
        if (heldOut[k]) {
          test[u][h++] = items[k];
        } else {
          trainItems[u][t] = items[k];
          trainWeights[u][t] = all.weights(u)[k];
          trainTimes[u][t] = all.times(u)[k];
          t++;
        }
      }
    }
    return new Split(
        new Ratings(all.itemCount(), trainItems, trainWeights, trainTimes),
        test,
        temporal ? "temporal" : "random");
  }

  /** Users with held-out items. */
  public int[] testUsers() {
    return IntStream.range(0, test.length).filter(u -> test[u].length > 0).toArray();
  }

  private static void shuffle(Integer[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer x = a[i];
      a[i] = a[j];
      a[j] = x;
    }
  }
}
