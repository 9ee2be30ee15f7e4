package fm.seda.embeddings.internal;

import fm.seda.regions.RegionRouter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Every embedding call's tokens and dollars, persisted before the caller gets its vectors, so a
 * restart loses nothing and every node sees the same month. Month-to-date totals are read from the
 * ledger and cached for a second or two (the governor asks often).
 */
final class SpendLedger {

  record Usage(
      String provider,
      String model,
      String region,
      String purpose,
      String priority,
      @Nullable UUID jobId,
      int items,
      long tokens,
      BigDecimal costUsd,
      boolean shadow) {}

  record MonthToDate(
      YearMonth month, BigDecimal total, Map<String, BigDecimal> byProvider, Instant readAt) {}

  private static final Duration CACHE = Duration.ofMillis(1500);

  private final RegionRouter regions;
  private final Clock clock;
  private volatile @Nullable MonthToDate cached;

  SpendLedger(RegionRouter regions, Clock clock) {
    this.regions = regions;
    this.clock = clock;
  }

  void record(Usage usage) {
    regions
        .operations()
        .jdbc()
        .sql(
            "INSERT INTO embedding_usage (provider, model, region, purpose, priority, job_id, items, tokens, cost_usd, shadow)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            usage.provider(),
            usage.model(),
            usage.region(),
            usage.purpose(),
            usage.priority(),
            usage.jobId(),
            usage.items(),
            usage.tokens(),
            usage.costUsd(),
            usage.shadow())
        .update();
    cached = null;
  }

  MonthToDate monthToDate() {
    Instant now = clock.instant();
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    MonthToDate current = cached;
    if (current != null
        && current.month().equals(month)
        && current.readAt().plus(CACHE).isAfter(now)) {
      return current;
    }
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    var byProvider = new LinkedHashMap<String, BigDecimal>();
    regions
        .operations()
        .jdbc()
        .sql(
            "SELECT provider, sum(cost_usd) FROM embedding_usage WHERE created_at >= ? GROUP BY provider ORDER BY provider")
        .param(java.sql.Timestamp.from(start))
        .query((rs, n) -> byProvider.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros()))
        .list();
    BigDecimal total = byProvider.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    MonthToDate read = new MonthToDate(month, total, Map.copyOf(byProvider), now);
    cached = read;
    return read;
  }

  /** Cost attributed to one job so far. */
  BigDecimal costOfJob(UUID jobId) {
    return regions
        .operations()
        .jdbc()
        .sql("SELECT coalesce(sum(cost_usd), 0) FROM embedding_usage WHERE job_id = ?")
        .param(jobId)
        .query(BigDecimal.class)
        .single();
  }
}
