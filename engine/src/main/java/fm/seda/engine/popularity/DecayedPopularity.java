package fm.seda.engine.popularity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time-decayed popularity: each interaction counts {@code weight × 2^(−age / halfLife)} at the
 * moment {@code now} the scores are taken, so yesterday's crowd fades within days while a steady
 * audience keeps an item up. Not thread-safe; one instance per computation.
 *
 * <p>Design note. Exponential decay is the standard "hot" score (it is what a moving average with
 * constant memory gives): the sum can be kept incrementally and needs no windows, and the half-life
 * is the one knob a data scientist reasons about ("a week-old listen is worth half a new one").
 * Interactions stamped in the future (clock skew) count as now, never more.
 *
 * @param <K> what is counted: an item id, or an item id within a genre
 */
public final class DecayedPopularity<K> {

  private final double halfLifeSeconds;
  private final Instant now;
  private final Map<K, Double> scores = new HashMap<>();

  public DecayedPopularity(Duration halfLife, Instant now) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive, got " + halfLife);
    }
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
    this.now = now;
  }

  /** Counts an interaction of {@code weight} (finite, >= 0) that happened {@code at}. */
  public void add(K key, Instant at, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
    }
    double ageSeconds = Math.max(0, Duration.between(at, now).toMillis() / 1000.0);
    scores.merge(key, weight * Math.pow(2, -ageSeconds / halfLifeSeconds), Double::sum);
  }

  /** The decayed score of {@code key}; 0 when it was never counted. */
  public double score(K key) {
    return scores.getOrDefault(key, 0.0);
  }

  public Map<K, Double> scores() {
    return Map.copyOf(scores);
  }

  /** The {@code n} highest scores, best first (ties in no particular order). */
  public List<Map.Entry<K, Double>> top(int n) {
    var entries = new ArrayList<>(scores.entrySet());
    entries.sort(Map.Entry.<K, Double>comparingByValue(Comparator.reverseOrder()));
    return List.copyOf(entries.subList(0, Math.min(n, entries.size())));
  }
}
