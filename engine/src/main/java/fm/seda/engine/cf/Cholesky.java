package fm.seda.engine.cf;

/** Solves small dense symmetric positive-definite systems, for fold-in. */
final class Cholesky {

  private Cholesky() {}

  /**
   * x with {@code a x = b} for the {@code n × n} symmetric positive-definite row-major {@code a}.
   * Overwrites {@code a} with its Cholesky factor.
   *
   * @throws IllegalStateException if {@code a} is not positive definite (cannot happen for an ALS
   *     system, whose λ > 0 ridge makes it so, unless the factors hold NaN or infinity)
   */
  static double[] solve(double[] a, double[] b, int n) {
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j];
      for (int k = 0; k < j; k++) {
        d -= a[j * n + k] * a[j * n + k];
      }
      if (!(d > 0)) {
        throw new IllegalStateException("system is not positive definite at column " + j);
      }
      double l = Math.sqrt(d);
      a[j * n + j] = l;
      for (int i = j + 1; i < n; i++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = s / l;
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= a[i * n + k] * y[k];
      }
      y[i] = s / a[i * n + i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[k * n + i] * x[k];
      }
      x[i] = s / a[i * n + i];
    }
    return x;
  }
}
