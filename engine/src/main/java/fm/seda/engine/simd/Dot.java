package fm.seda.engine.simd;

/**
 * The dot product that scores and compares vectors while serving: the Vector API's when the JVM has
 * {@code jdk.incubator.vector} (the server's does: {@code ./seda run} adds it, for Lucene's vector
 * search too), else {@link #scalar}.
 *
 * <p>Why: a feed scans every item's factors for the user (280k × 64 floats on {@code large}), and
 * that scan was the biggest single cost of the nightly batch. Per user, on this 2-core AVX-512
 * machine: 8.5 ms with the four-accumulator scalar loop, 2.6 ms with 16-lane fused multiply-adds
 * (docs/BENCHMARKS.md). The Vector API is still incubating, so its use stays optional: a JVM
 * without the module (other CLI commands, an embedding app) gets the scalar loop. Training keeps
 * {@link #scalar} either way, so a trained model is the same with or without the module.
 *
 * <p>The two forms round differently (fused multiply-adds, another summation order): results agree
 * to float precision, not bit for bit, across JVMs with and without the module. Within one JVM
 * every result comes from the same form, so rankings are consistent.
 */
public final class Dot {

  /**
   * Whether this JVM computes with the Vector API ({@code -Dseda.engine.scalar=true} turns it off).
   */
  public static final boolean SIMD =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("seda.engine.scalar");

  private Dot() {}

  /** The dot product of {@code n} floats of {@code a} from {@code aFrom} and of {@code b}. */
  public static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
    // VectorApiDot is only loaded (and the incubator module only touched) on this branch
    return SIMD ? VectorApiDot.dot(a, aFrom, b, bFrom, n) : scalar(a, aFrom, b, bFrom, n);
  }

  /** The dot product of two vectors of the same length. */
  public static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors of different lengths: " + a.length + " and " + b.length);
    }
    return dot(a, 0, b, 0, a.length);
  }

  /**
   * The same in plain Java, identical on every JVM and run.
   *
   * <p>A float sum is not associative, so C2 will not vectorise a one-accumulator dot product; four
   * independent partial sums let the CPU overlap the multiply-adds and give the same result on
   * every run and thread (no FMA contraction in Java).
   */
  public static float scalar(float[] a, int aFrom, float[] b, int bFrom, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      s0 += a[aFrom + k] * b[bFrom + k];
      s1 += a[aFrom + k + 1] * b[bFrom + k + 1];
      s2 += a[aFrom + k + 2] * b[bFrom + k + 2];
      s3 += a[aFrom + k + 3] * b[bFrom + k + 3];
    }
    for (; k < n; k++) {
      s0 += a[aFrom + k] * b[bFrom + k];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
