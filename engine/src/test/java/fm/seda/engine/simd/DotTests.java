package fm.seda.engine.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DotTests {

  @Test
  void testsRunWithTheVectorApiAsTheServerDoes() {
    // the surefire argLine adds jdk.incubator.vector; without it the SIMD form goes untested
    assertThat(Dot.SIMD).isTrue();
  }

  @Test
  void vectorApiAndScalarFormsAgreeWithTheExactSumForEveryLengthAndOffset() {
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
      assertThat(VectorApiDot.dot(a, 3, b, 7, n)).isCloseTo((float) exact, within(1e-5f));
      assertThat(Dot.scalar(a, 3, b, 7, n)).isCloseTo((float) exact, within(1e-5f));
    }
  }
}
