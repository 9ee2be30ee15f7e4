package fm.seda.engine.cf;

import java.util.SplittableRandom;

/** Hand-built and random matrices, and a reference solver, shared by the ALS tests. */
final class CfFixtures {

  private CfFixtures() {}

  /**
   * Two disjoint communities of five users and five items each: users 0–4 interact with items 0–4,
   * users 5–9 with items 5–9, each user with every item of their community except the one with
   * their own number, so every user has exactly one unseen item in their community.
   */
  static Interactions twoCommunities() {
    var builder = Interactions.builder(10, 10);
    for (int u = 0; u < 10; u++) {
      int first = u < 5 ? 0 : 5;
      for (int i = first; i < first + 5; i++) {
        if (i != u) {
          builder.add(u, i, 1 + (u + i) % 3);
        }
      }
    }
    return builder.build();
  }

  /**
   * Training settings for {@link #twoCommunities}: rank 2, one factor per community. Each
   * community's 5 × 5 block (all ones but the diagonal) has full rank, so a model with more factors
   * than communities can memorise it and stops preferring the unseen item of the user's own
   * community (at 4 factors the fold-in of items 5 and 7 ranked item 1 above item 6). A low rank is
   * what makes collaborative filtering generalise; the tiny fixture needs the lowest.
   */
  static AlsParams tinyParams() {
    return AlsParams.defaults().withFactors(2).withCgSteps(2).withThreads(1).withIterations(15);
  }

  /** Each cell present with probability {@code density}, strengths in [0.5, 5). */
  static Interactions random(int users, int items, double density, SplittableRandom random) {
    var builder = Interactions.builder(users, items);
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (random.nextDouble() < density) {
          builder.add(u, i, (float) (0.5 + 4.5 * random.nextDouble()));
        }
      }
    }
    return builder.build();
  }

  static float[] gaussian(int n, double scale, SplittableRandom random) {
    float[] values = new float[n];
    for (int k = 0; k < n; k++) {
      // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      values[k] = (float) (scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
    return values;
  }

  /**
   * The reference: user {@code user}'s exact ALS solution against item factors {@code y}, built the
   * textbook way (Hu, Koren and Volinsky, eq. 4) over all items, not only the observed ones, and
   * solved by Gaussian elimination with partial pivoting in double precision: (YᵀCᵤY + λI)x =
   * YᵀCᵤp(u).
   */
  static double[] exactUserSolve(Interactions data, int user, float[] y, AlsParams params) {
    int f = params.factors();
    int[] seen = data.itemsOf(user);
    float[] strengths = data.strengthsOf(user);
    double[] c = new double[data.items()];
    double[] p = new double[data.items()];
    java.util.Arrays.fill(c, 1);
    for (int k = 0; k < seen.length; k++) {
      c[seen[k]] = 1 + params.alpha() * strengths[k];
      p[seen[k]] = 1;
    }
    double[][] a = new double[f][f + 1];
    for (int i = 0; i < data.items(); i++) {
      for (int r = 0; r < f; r++) {
        for (int s = 0; s < f; s++) {
          a[r][s] += c[i] * y[i * f + r] * y[i * f + s];
        }
        a[r][f] += c[i] * p[i] * y[i * f + r];
      }
    }
    for (int r = 0; r < f; r++) {
      a[r][r] += params.regularization();
    }
    for (int col = 0; col < f; col++) {
      int pivot = col;
      for (int r = col + 1; r < f; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = col + 1; r < f; r++) {
        double m = a[r][col] / a[col][col];
        for (int s = col; s <= f; s++) {
          a[r][s] -= m * a[col][s];
        }
      }
    }
    double[] x = new double[f];
    for (int r = f - 1; r >= 0; r--) {
      double s = a[r][f];
      for (int k = r + 1; k < f; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  /** ‖a − b‖ / ‖b‖. */
  static double relativeError(float[] a, int aFrom, double[] b) {
    double diff = 0;
    double norm = 0;
    for (int k = 0; k < b.length; k++) {
      double d = a[aFrom + k] - b[k];
      diff += d * d;
      norm += b[k] * b[k];
    }
    return Math.sqrt(diff / norm);
  }
}
