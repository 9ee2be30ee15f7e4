package fm.seda.engine.cf;

/**
 * The dot product that scores items when a model serves ({@link AlsModel#recommend}, {@link
 * AlsModel#score}): the Vector API's when the JVM has {@code jdk.incubator.vector} (the server's
 * does: {@code ./seda run} adds it, for Lucene's vector search too), else {@link FloatVectors#dot}.
 *
 * <p>Why: a feed scans every item's factors for the user (280k × 64 floats on {@code large}), and
 * that scan was the biggest single cost of the nightly batch. Per user, on this 2-core AVX-512
 * machine: 8.5 ms with the four-accumulator scalar loop, 2.6 ms with 16-lane fused multiply-adds
 * (docs/BENCHMARKS.md). The Vector API is still incubating, so its use stays optional: a JVM
 * without the module (other CLI commands, an embedding app) gets the scalar loop. Training keeps
 * {@link FloatVectors} either way, so a trained model is the same with or without the module.
 *
 * <p>The two forms round differently (fused multiply-adds, another summation order): scores agree
 * to float precision, not bit for bit, across JVMs with and without the module. Within one JVM
 * every score of a model comes from the same form, so rankings are consistent.
 */
final class ServingDot {

  /**
   * Whether this JVM scores with the Vector API ({@code -Dseda.engine.scalar=true} turns it off).
   */
  static final boolean SIMD =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("seda.engine.scalar");

  private ServingDot() {}

  static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
    // SimdDot is only loaded (and the incubator module only touched) on this branch
    return SIMD ? SimdDot.dot(a, aFrom, b, bFrom, n) : FloatVectors.dot(a, aFrom, b, bFrom, n);
  }
}
