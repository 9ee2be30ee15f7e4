package fm.seda.engine.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A dot product in the widest float lanes this CPU has. Loaded only through {@link Dot} when the
 * JVM has {@code jdk.incubator.vector}; never reference it elsewhere.
 */
final class VectorApiDot {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorApiDot() {}

  static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
    int lanes = SPECIES.length();
    int bound = SPECIES.loopBound(n);
    float sum = 0;
    if (bound > 0) {
      var acc = FloatVector.zero(SPECIES);
      for (int k = 0; k < bound; k += lanes) {
        acc =
            FloatVector.fromArray(SPECIES, a, aFrom + k)
                .fma(FloatVector.fromArray(SPECIES, b, bFrom + k), acc);
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (int k = bound; k < n; k++) {
      sum += a[aFrom + k] * b[bFrom + k];
    }
    return sum;
  }
}
