package fm.seda.engine.evaluation;

import org.jspecify.annotations.Nullable;

/**
 * Content similarity from item embeddings (of an item's name and tags): a user's taste is the log(1
 * + weight)-weighted mean of their training items' unit vectors, and an item's content score is its
 * cosine to that taste. Items without a vector have no content score.
 */
final class ContentProfiles {

  private final Ratings train;
  private final float[] @Nullable [] unit;

  ContentProfiles(Ratings train, float[] @Nullable [] vectors) {
    this.train = train;
    this.unit = new float[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      float[] v = vectors[i];
      if (v != null) {
        double norm = 0;
        for (float x : v) {
          norm += (double) x * x;
        }
        if (norm > 0) {
          float[] u = new float[v.length];
          for (int d = 0; d < v.length; d++) {
            u[d] = (float) (v[d] / Math.sqrt(norm));
          }
          unit[i] = u;
        }
      }
    }
  }

  /** The user's taste, unit length, or null when none of their items has a vector. */
  float @Nullable [] taste(int user) {
    int[] items = train.items(user);
    double[] weights = train.weights(user);
    double[] sum = null;
    for (int k = 0; k < items.length; k++) {
      float[] v = unit[items[k]];
      if (v == null) {
        continue;
      }
      if (sum == null) {
        sum = new double[v.length];
      }
      double w = Math.log1p(weights[k]);
      for (int d = 0; d < v.length; d++) {
        sum[d] += w * v[d];
      }
    }
    if (sum == null) {
      return null;
    }
    double norm = 0;
    for (double x : sum) {
      norm += x * x;
    }
    if (norm == 0) {
      return null;
    }
    float[] taste = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      taste[d] = (float) (sum[d] / Math.sqrt(norm));
    }
    return taste;
  }

  /**
   * Cosine of every item to {@code taste}; {@code NEGATIVE_INFINITY} for items without a vector.
   */
  double[] scores(float @Nullable [] taste) {
    double[] scores = new double[unit.length];
    for (int i = 0; i < unit.length; i++) {
      scores[i] = comparable(taste, i) ? cosine(taste, i) : Double.NEGATIVE_INFINITY;
    }
    return scores;
  }

  /**
   * Cosine of {@code item} to {@code taste}; 0 when either has no vector (or another dimension).
   */
  double cosine(float @Nullable [] taste, int item) {
    if (taste == null || !comparable(taste, item)) {
      return 0;
    }
    float[] v = unit[item];
    double dot = 0;
    for (int d = 0; d < v.length; d++) {
      dot += (double) v[d] * taste[d];
    }
    return dot;
  }

  private boolean comparable(float @Nullable [] taste, int item) {
    return taste != null && unit[item] != null && unit[item].length == taste.length;
  }

  float @Nullable [] unitVector(int item) {
    return unit[item];
  }

  /** Cosine of two items, clamped to 0..1; 0 when either has no vector. */
  double similarity(int a, int b) {
    float[] x = unit[a];
    float[] y = unit[b];
    if (x == null || y == null || x.length != y.length) {
      return 0;
    }
    double dot = 0;
    for (int d = 0; d < x.length; d++) {
      dot += (double) x[d] * y[d];
    }
    return Math.max(0, Math.min(1, dot));
  }

  Recommender recommender() {
    return Baselines.named(
        "content", (user, k) -> TopItems.of(scores(taste(user)), k, train, user));
  }
}
