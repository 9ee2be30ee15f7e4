package fm.seda.engine.popularity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Trending: how much faster an item is being picked up now than usual. The rate in the recent
 * window (default the last 24 h) is compared with the rate in the baseline window before it
 * (default the 7 days before that):
 *
 * <pre>trend = ln((recent / recentDays + prior) / (baseline / baselineDays + prior))</pre>
 *
 * <p>Design note. A plain ratio would crown an item with one play today and none last week; the
 * {@code prior} (pseudo-interactions per day added to both rates, as in additive smoothing) makes a
 * small item need a real burst to trend, while a large one trends on a proportional rise. The log
 * makes doubling and halving symmetric (+0.69 / −0.69) and 0 mean "as usual". Interactions older
 * than both windows are ignored; future-stamped ones count as now.
 *
 * @param <K> what is counted
 */
public final class TrendDetector<K> {

  private final Instant now;
  private final Instant recentStart;
  private final Instant baselineStart;
  private final double recentDays;
  private final double baselineDays;
  private final double prior;
  private final Map<K, Double> recent = new HashMap<>();
  private final Map<K, Double> baseline = new HashMap<>();

  public TrendDetector(Duration recentWindow, Duration baselineWindow, double prior, Instant now) {
    if (recentWindow.isNegative() || recentWindow.isZero()) {
      throw new IllegalArgumentException("recentWindow must be positive, got " + recentWindow);
    }
    if (baselineWindow.isNegative() || baselineWindow.isZero()) {
      throw new IllegalArgumentException("baselineWindow must be positive, got " + baselineWindow);
    }
    if (!(prior > 0) || Double.isInfinite(prior)) {
      throw new IllegalArgumentException("prior must be finite and > 0, got " + prior);
    }
    this.now = now;
    this.recentStart = now.minus(recentWindow);
    this.baselineStart = recentStart.minus(baselineWindow);
    this.recentDays = recentWindow.toMillis() / 86_400_000.0;
    this.baselineDays = baselineWindow.toMillis() / 86_400_000.0;
    this.prior = prior;
  }

  /** The seed's hourly refresh: the last 24 h against the 7 days before, prior 1 per day. */
  public static <K> TrendDetector<K> daily(Instant now) {
    return new TrendDetector<>(Duration.ofDays(1), Duration.ofDays(7), 1.0, now);
  }

  /** Counts an interaction of {@code weight} (finite, >= 0) that happened {@code at}. */
  public void add(K key, Instant at, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
    }
    Instant when = at.isAfter(now) ? now : at;
    if (!when.isBefore(recentStart)) {
      recent.merge(key, weight, Double::sum);
    } else if (!when.isBefore(baselineStart)) {
      baseline.merge(key, weight, Double::sum);
    }
  }

  /** The trend of {@code key}: > 0 rising, 0 as usual (or never seen), < 0 fading. */
  public double trend(K key) {
    double recentRate = recent.getOrDefault(key, 0.0) / recentDays;
    double baselineRate = baseline.getOrDefault(key, 0.0) / baselineDays;
    return Math.log((recentRate + prior) / (baselineRate + prior));
  }

  /** Every key seen in either window. */
  public Set<K> keys() {
    var keys = new HashSet<K>(recent.keySet());
    keys.addAll(baseline.keySet());
    return keys;
  }
}
