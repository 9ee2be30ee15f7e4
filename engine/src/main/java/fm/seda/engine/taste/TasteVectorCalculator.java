package fm.seda.engine.taste;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Computes a taste vector as the L2-normalised weighted mean of signal vectors, each signal's
 * weight decayed by its age: {@code weight × 2^(−age / halfLife)}.
 *
 * <p>Design note. The mean of unit vectors points where the user's items cluster, which is what a
 * cosine nearest-neighbour search wants; normalising it keeps similarities comparable between users
 * with many and few signals. Recency decay lets taste move with the user without forgetting
 * long-held favourites at once. A signal with no time (onboarding genres, which the user states
 * rather than does) is passed with {@code at = now} so it never decays; its weight decides how soon
 * real activity outweighs it. Signals whose vectors cancel out (a zero mean) give no taste vector
 * rather than a meaningless direction.
 */
public final class TasteVectorCalculator {

  /** One thing the user did or chose: its vector, how much it counts, and when. */
  public record Signal(float[] vector, double weight, Instant at) {
    public Signal {
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("signal weight must be finite and >= 0, got " + weight);
      }
    }
  }

  private final double halfLifeSeconds;

  public TasteVectorCalculator(Duration halfLife) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive, got " + halfLife);
    }
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
  }

  /**
   * The taste vector of {@code signals} as of {@code now}, or empty when there are none with
   * weight.
   *
   * @throws IllegalArgumentException when the signals' vectors differ in dimension (never mixed)
   */
  public Optional<float[]> compute(List<Signal> signals, Instant now) {
    if (signals.isEmpty()) {
      return Optional.empty();
    }
    int dim = signals.getFirst().vector().length;
    double[] sum = new double[dim];
    double totalWeight = 0;
    for (Signal signal : signals) {
      if (signal.vector().length != dim) {
        throw new IllegalArgumentException(
            "taste signals mix dimensions " + dim + " and " + signal.vector().length);
      }
      double age = Math.max(0, Duration.between(signal.at(), now).toMillis() / 1000.0);
      double w = signal.weight() * Math.pow(2, -age / halfLifeSeconds);
      if (w == 0) {
        continue;
      }
      totalWeight += w;
      float[] v = signal.vector();
      for (int i = 0; i < dim; i++) {
        sum[i] += w * v[i];
      }
    }
    if (totalWeight == 0) {
      return Optional.empty();
    }
    return normalised(sum);
  }

  private static Optional<float[]> normalised(double[] sum) {
    double norm = 0;
    for (double x : sum) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm < 1e-9) {
      return Optional.empty();
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] / norm);
    }
    return Optional.of(out);
  }

  /** Cosine similarity of two vectors of one dimension (0 when either is zero). */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "cannot compare dimensions " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
