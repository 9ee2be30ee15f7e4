package fm.seda.testing;

import java.util.SplittableRandom;

/** Seeded random unit vectors for vector-search tests (callers print their seeds). */
public final class RandomVectors {

  private RandomVectors() {}

  /** A uniformly random direction of {@code dim} dimensions, L2-normalised. */
  public static float[] unit(SplittableRandom random, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
