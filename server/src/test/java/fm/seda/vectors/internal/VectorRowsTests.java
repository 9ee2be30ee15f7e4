package fm.seda.vectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Vectors come from PostgreSQL in its binary array form ({@code array_send}). */
class VectorRowsTests {

  private static final int FLOAT4 = 700;

  /**
   * What {@code array_send} gives for a one-dimensional {@code real[]}; null for a null element.
   */
  static byte[] arraySend(Float... elements) {
    var out = ByteBuffer.allocate(20 + 8 * elements.length);
    out.putInt(1).putInt(0).putInt(FLOAT4).putInt(elements.length).putInt(1);
    for (Float e : elements) {
      if (e == null) {
        out.putInt(-1).putInt(0);
      } else {
        out.putInt(Float.BYTES).putFloat(e);
      }
    }
    return out.array();
  }

  @Test
  void decodesEveryElementExactly() {
    float[] decoded = VectorRows.decode(arraySend(0.25f, -1.5f, Float.MIN_VALUE, 3e38f));

    assertThat(decoded).containsExactly(0.25f, -1.5f, Float.MIN_VALUE, 3e38f);
  }

  @Test
  void anEmptyArrayIsAnEmptyVector() {
    var empty = ByteBuffer.allocate(12).putInt(0).putInt(0).putInt(FLOAT4).array();

    assertThat(VectorRows.decode(empty)).isEmpty();
  }

  @Test
  void aNullElementOrAMatrixIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> VectorRows.decode(arraySend(1f, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("element 1");
    var matrix = ByteBuffer.allocate(12).putInt(2).putInt(0).putInt(FLOAT4).array();
    assertThatThrownBy(() -> VectorRows.decode(matrix))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 dimensions");
  }
}
