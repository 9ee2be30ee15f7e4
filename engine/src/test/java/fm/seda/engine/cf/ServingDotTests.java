package fm.seda.engine.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServingDotTests {

  @Test
  void testsRunWithTheVectorApiAsTheServerDoes() {
    // the surefire argLine adds jdk.incubator.vector; without it the SIMD form goes untested
    assertThat(ServingDot.SIMD).isTrue();
  }

  @Test
  void simdDotAgreesWithTheScalarLoopForEveryLengthAndOffset() {
    var random = new SplittableRandom(7);
    for (int n = 0; n <= 70; n++) {
      float[] a = new float[n + 5];
      float[] b = new float[n + 9];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextDouble(-1, 1);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) random.nextDouble(-1, 1);
      }
      double exact = 0;
      for (int k = 0; k < n; k++) {
        exact += (double) a[3 + k] * b[7 + k];
      }
      assertThat(SimdDot.dot(a, 3, b, 7, n)).isCloseTo((float) exact, within(1e-5f));
      assertThat(FloatVectors.dot(a, 3, b, 7, n)).isCloseTo((float) exact, within(1e-5f));
    }
  }
}
