package fm.seda.engine.cf;

import fm.seda.engine.simd.Dot;
import java.util.Arrays;

/**
 * The dense kernels of ALS over slices of flat, row-major {@code float[]} matrices.
 *
 * <p>Design note. {@link #dot} is {@link Dot#scalar} (four independent partial sums, the same
 * result on every run and thread). The f × f products, the bulk of the work, are written as axpys
 * ({@link #multiplySymmetric}), the element-wise form C2 can turn into SIMD code. Measured on JDK
 * 25 (2-core AVX-512 machine, under load): a lone 64-float {@link #axpy} ran at 5.4 GMAC/s with
 * SuperWord and 1.8 without, but nested inside the f × f product it ran at 1.5–2 GMAC/s with or
 * without, the same as the dot-product form; C2 does not vectorise the nested short loops. The next
 * step, if training time matters, is the Vector API (still incubating, so a flag on every JVM that
 * loads the engine) or batching rows into matrix–matrix products with long inner loops.
 */
final class FloatVectors {

  private FloatVectors() {}

  /** {@link Dot#scalar}: training is the same on every JVM, with or without the Vector API. */
  static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
    return Dot.scalar(a, aFrom, b, bFrom, n);
  }

  /** {@code y[yFrom …] += alpha · x[xFrom …]} over {@code n} elements. */
  static void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
    for (int k = 0; k < n; k++) {
      y[yFrom + k] += alpha * x[xFrom + k];
    }
  }

  /**
   * {@code out[outFrom …] = m · v[vFrom …]} for the {@code n × n} row-major <em>symmetric</em>
   * matrix {@code m}, computed as Σₖ vₖ·m[k, :] (a row of a symmetric matrix is its column): n
   * axpys instead of n dot products (see the class note on what C2 makes of them).
   */
  static void multiplySymmetric(float[] m, float[] v, int vFrom, float[] out, int outFrom, int n) {
    Arrays.fill(out, outFrom, outFrom + n, 0f);
    for (int k = 0; k < n; k++) {
      axpy(v[vFrom + k], m, k * n, out, outFrom, n);
    }
  }

  /**
   * Adds {@code x xᵀ} for each of the rows {@code from … to - 1} of {@code rows} to {@code gram}.
   */
  static void addGram(float[] rows, int from, int to, int n, float[] gram) {
    // the upper triangle only, as rank-1 updates whose inner loop is an axpy; mirrored by callers
    for (int r = from; r < to; r++) {
      int offset = r * n;
      for (int a = 0; a < n; a++) {
        float xa = rows[offset + a];
        if (xa != 0) {
          axpy(xa, rows, offset + a, gram, a * n + a, n - a);
        }
      }
    }
  }
}
