package fm.seda.engine.cf;

/**
 * Settings of {@link ImplicitAls}. What the knobs trade off:
 *
 * <ul>
 *   <li>{@code factors}: the rank of the factorisation. More factors fit finer tastes; the cost of
 *       a row solve grows with {@code factors²} (the Gram matrix product) and the model's memory
 *       linearly.
 *   <li>{@code regularization}: λ, the ridge on every factor vector. Larger λ shrinks vectors of
 *       users and items with little evidence towards zero and keeps the long tail from overfitting;
 *       it must be > 0, so every row's system is positive definite.
 *   <li>{@code alpha}: the confidence slope, c = 1 + α·r (Hu, Koren and Volinsky 2008, eq. 2). It
 *       sets how much an observed interaction outweighs the many unobserved ones; the paper found α
 *       = 40 good for TV watching counts.
 *   <li>{@code iterations}: alternating sweeps (users, then items).
 *   <li>{@code cgSteps}: conjugate-gradient steps per row and sweep, warm-started from the previous
 *       factors (Takács, Pilászy and Tikk 2011). 2–4 reach nearly the accuracy of an exact solve at
 *       a fraction of its cost; {@code cgSteps = factors} solves each row exactly in exact
 *       arithmetic.
 *   <li>{@code seed}: the random initial factors; with the same seed and data, training gives the
 *       same model whatever {@code threads} is.
 *   <li>{@code threads}: worker threads over rows.
 * </ul>
 *
 * <p>The constructor throws {@link IllegalArgumentException}, naming the setting, if a value is out
 * of range.
 */
public record AlsParams(
    int factors,
    double regularization,
    double alpha,
    int iterations,
    int cgSteps,
    long seed,
    int threads) {

  /** An upper bound that keeps the per-row f × f work and the serialised form sane. */
  static final int MAX_FACTORS = 4096;

  public AlsParams {
    if (factors < 1 || factors > MAX_FACTORS) {
      throw new IllegalArgumentException(
          "factors must be between 1 and " + MAX_FACTORS + ", got " + factors);
    }
    if (!(regularization > 0) || !Double.isFinite(regularization)) {
      throw new IllegalArgumentException(
          "regularization must be finite and > 0 (it keeps each row's system positive definite),"
              + " got "
              + regularization);
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
    }
    if (cgSteps < 1) {
      throw new IllegalArgumentException("cgSteps must be >= 1, got " + cgSteps);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /**
   * Factors 64, regularization 0.05, alpha 40, 15 iterations, 3 CG steps, seed 42, one thread per
   * available processor.
   */
  public static AlsParams defaults() {
    return new AlsParams(64, 0.05, 40, 15, 3, 42, Runtime.getRuntime().availableProcessors());
  }

  public AlsParams withFactors(int f) {
    return new AlsParams(f, regularization, alpha, iterations, cgSteps, seed, threads);
  }

  public AlsParams withRegularization(double lambda) {
    return new AlsParams(factors, lambda, alpha, iterations, cgSteps, seed, threads);
  }

  public AlsParams withAlpha(double a) {
    return new AlsParams(factors, regularization, a, iterations, cgSteps, seed, threads);
  }

  public AlsParams withIterations(int n) {
    return new AlsParams(factors, regularization, alpha, n, cgSteps, seed, threads);
  }

  public AlsParams withCgSteps(int steps) {
    return new AlsParams(factors, regularization, alpha, iterations, steps, seed, threads);
  }

  public AlsParams withSeed(long s) {
    return new AlsParams(factors, regularization, alpha, iterations, cgSteps, s, threads);
  }

  public AlsParams withThreads(int t) {
    return new AlsParams(factors, regularization, alpha, iterations, cgSteps, seed, t);
  }
}
