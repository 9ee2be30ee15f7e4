package fm.seda.events;

import org.jspecify.annotations.Nullable;

/**
 * Recommendation quality on one surface, from {@code fact_events} of both regions since a given
 * time (aggregate counts only). Only events carrying a {@code recommendation_id} count, attributed
 * to their {@code surface} property ({@code home} when the client sent none). A rate is null when
 * its denominator is zero: "no impressions" is not a CTR of 0.
 *
 * @param impressions {@code rec_impression} events
 * @param clicks {@code rec_click} events
 * @param listens {@code listen_30s} events carrying a recommendation id (a listen of at least 30 s
 *     that started from a recommendation)
 * @param skips {@code track_skip} events carrying a recommendation id
 * @param dismisses {@code rec_dismiss} events
 * @param dismissUndos {@code rec_dismiss_undo} events (reported, not subtracted from dismisses)
 * @param novelImpressions {@code rec_impression} events with {@code novel = true}
 * @param ctr clicks / impressions
 * @param listenRate listens / clicks
 * @param skipRate skips / clicks
 * @param dismissRate dismisses / impressions
 * @param noveltyShare novel impressions / impressions (the seed's target: at least 0.3)
 */
public record SurfaceMetrics(
    String surface,
    long impressions,
    long clicks,
    long listens,
    long skips,
    long dismisses,
    long dismissUndos,
    long novelImpressions,
    @Nullable Double ctr,
    @Nullable Double listenRate,
    @Nullable Double skipRate,
    @Nullable Double dismissRate,
    @Nullable Double noveltyShare) {

  /** The metrics of these counts, with every rate derived from them. */
  public static SurfaceMetrics of(
      String surface,
      long impressions,
      long clicks,
      long listens,
      long skips,
      long dismisses,
      long dismissUndos,
      long novelImpressions) {
    return new SurfaceMetrics(
        surface,
        impressions,
        clicks,
        listens,
        skips,
        dismisses,
        dismissUndos,
        novelImpressions,
        rate(clicks, impressions),
        rate(listens, clicks),
        rate(skips, clicks),
        rate(dismisses, impressions),
        rate(novelImpressions, impressions));
  }

  private static @Nullable Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
