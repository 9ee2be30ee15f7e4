package fm.seda.embeddings.internal;

import fm.seda.embeddings.SpendLevel;
import fm.seda.embeddings.SpendStatus;
import fm.seda.overrides.Overrides;
import fm.seda.regions.RegionRouter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the spend level and records every enforcement action it implies.
 *
 * <p>The projection is the month-to-date spend divided by the elapsed share of the month (at least
 * one day, so the first hours of a month do not project wildly). At 80 % of the cap the level is
 * THROTTLED; at 100 % STOPPED, and it stays STOPPED for the rest of the month, even if the
 * projection later falls, until an executed two-approver override of scope {@value
 * Overrides#SPEND_CAP} exists (then OVERRIDDEN). The latch lives in the action ledger, so a restart
 * or another node reaches the same decision.
 */
final class SpendGovernor {

  private static final Logger log = LoggerFactory.getLogger(SpendGovernor.class);
  static final String STOP_ACTION = "stop_non_essential_jobs";
  static final String RESUME_ACTION = "resume_full_operation";
  static final String SIMULATION_RESET = "simulation_reset";

  /** An enforcement action as recorded. */
  record Action(
      UUID id,
      Instant createdAt,
      String month,
      String level,
      String action,
      String reason,
      @Nullable BigDecimal projectedUsd,
      @Nullable BigDecimal capUsd,
      String actor,
      @Nullable UUID overrideId) {}

  private final SpendLedger ledger;
  private final RegionRouter regions;
  private final Overrides overrides;
  private final BigDecimal cap;
  private final Clock clock;
  private final boolean cheaperModelConfigured;
  private volatile @Nullable BigDecimal simulatedProjection;
  private volatile @Nullable SpendLevel lastLevel;

  SpendGovernor(
      SpendLedger ledger,
      RegionRouter regions,
      Overrides overrides,
      BigDecimal cap,
      Clock clock,
      boolean cheaperModelConfigured) {
    if (cap.signum() <= 0) {
      throw new IllegalArgumentException(
          "seda.embeddings.monthly-cap-usd must be positive, got " + cap);
    }
    this.ledger = ledger;
    this.regions = regions;
    this.overrides = overrides;
    this.cap = cap;
    this.clock = clock;
    this.cheaperModelConfigured = cheaperModelConfigured;
  }

  /**
   * The level for the hot paths (every embedding request, every job poll): the status of at most
   * {@value #LEVEL_CACHE_MS} ms ago, so they do not query the ledger each time.
   */
  SpendLevel level() {
    SpendStatus recent = cachedStatus;
    if (recent != null && recent.asOf().plusMillis(LEVEL_CACHE_MS).isAfter(clock.instant())) {
      return recent.level();
    }
    return status().level();
  }

  private static final long LEVEL_CACHE_MS = 1000;
  private volatile @Nullable SpendStatus cachedStatus;

  synchronized SpendStatus status() {
    SpendLedger.MonthToDate mtd = ledger.monthToDate();
    BigDecimal projected = simulatedProjection != null ? simulatedProjection : project(mtd);
    double share = projected.divide(cap, 6, RoundingMode.HALF_UP).doubleValue();
    String month = mtd.month().toString();
    Optional<UUID> override = Optional.empty();
    SpendLevel level;
    if (share >= 1.0 || stoppedEarlierThisMonth(month)) {
      override = overrides.activeExecuted(Overrides.SPEND_CAP);
      level = override.isPresent() ? SpendLevel.OVERRIDDEN : SpendLevel.STOPPED;
    } else if (share >= 0.8) {
      level = SpendLevel.THROTTLED;
    } else {
      level = SpendLevel.NORMAL;
    }
    if (lastLevel == null) {
      lastLevel = levelLastEnforced(month); // a restart must not repeat the actions already taken
    }
    if (level != lastLevel) {
      enforceOnce(month, level, projected, override.orElse(null));
      lastLevel = level;
    }
    SpendStatus status =
        new SpendStatus(
            month,
            cap,
            mtd.total(),
            projected.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros(),
            share,
            level,
            simulatedProjection != null,
            level != SpendLevel.NORMAL,
            level == SpendLevel.STOPPED,
            override.orElse(null),
            mtd.byProvider(),
            clock.instant());
    cachedStatus = status;
    return status;
  }

  private BigDecimal project(SpendLedger.MonthToDate mtd) {
    YearMonth month = mtd.month();
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    double elapsedDays =
        Math.max(1.0, Duration.between(start, clock.instant()).toSeconds() / 86_400.0);
    double factor = month.lengthOfMonth() / elapsedDays;
    return mtd.total().multiply(BigDecimal.valueOf(factor)).setScale(6, RoundingMode.HALF_UP);
  }

  private @Nullable SpendLevel levelLastEnforced(String month) {
    return regions
        .operations()
        .jdbc()
        .sql(
            "SELECT level FROM embedding_enforcement_actions WHERE month = ? AND actor = 'system'"
                + " ORDER BY created_at DESC LIMIT 1")
        .param(month)
        .query(String.class)
        .optional()
        .map(l -> SpendLevel.valueOf(l.toUpperCase(java.util.Locale.ROOT)))
        .orElse(null);
  }

  /** Whether this month reached 100 % before and nothing has since ended the stop. */
  private boolean stoppedEarlierThisMonth(String month) {
    List<String> actions =
        regions
            .operations()
            .jdbc()
            .sql(
                "SELECT action FROM embedding_enforcement_actions WHERE month = ? AND action IN (?, ?, ?)"
                    + " ORDER BY created_at DESC LIMIT 1")
            .params(month, STOP_ACTION, RESUME_ACTION, SIMULATION_RESET)
            .query(String.class)
            .list();
    return !actions.isEmpty() && actions.getFirst().equals(STOP_ACTION);
  }

  /** The actions of the seed's enforcement table, recorded when the level changes. */
  /**
   * Records the level's actions unless some node already did: nodes share the ledger, take the same
   * advisory lock, and compare with the level last enforced there, so "exactly these actions" holds
   * for the whole deployment, not per node.
   */
  private void enforceOnce(
      String month, SpendLevel level, BigDecimal projected, @Nullable UUID overrideId) {
    regions
        .operations()
        .transactions()
        .executeWithoutResult(
            tx -> {
              regions
                  .operations()
                  .jdbc()
                  .sql("SELECT pg_advisory_xact_lock(7201)")
                  .query(Object.class)
                  .optional();
              if (level != levelLastEnforced(month)) {
                enforce(month, level, projected, overrideId);
              }
            });
  }

  private void enforce(
      String month, SpendLevel level, BigDecimal projected, @Nullable UUID overrideId) {
    String pct =
        projected.multiply(BigDecimal.valueOf(100)).divide(cap, 1, RoundingMode.HALF_UP) + " %";
    switch (level) {
      case NORMAL -> {
        if (lastLevel != null) {
          record(
              month,
              level,
              "lift_throttle",
              "projected spend back under 80 % of the cap (" + pct + ")",
              projected,
              null);
        }
      }
      case THROTTLED -> {
        String why = "projected spend at " + pct + " of the $" + cap + " cap";
        record(month, level, "alert_recorded", why + ": product and SRE notified", projected, null);
        record(month, level, "throttle_background_jobs", why, projected, null);
        record(
            month,
            level,
            "route_on_demand_to_cheaper_model",
            cheaperModelConfigured
                ? why
                : why
                    + "; no cheaper compatible model is configured, so on-demand work stays on its model",
            projected,
            null);
        record(month, level, "degraded_banner_on", why, projected, null);
      }
      case STOPPED -> {
        String why = "projected spend at " + pct + " of the $" + cap + " cap";
        record(
            month,
            level,
            STOP_ACTION,
            why + ": catalog re-embeds and other background jobs stopped",
            projected,
            null);
        record(month, level, "stop_shadow_writes", why, projected, null);
        record(
            month,
            level,
            "critical_only",
            why + ": only critical computes (cheap model or queued with an ETA)",
            projected,
            null);
        record(month, level, "degraded_banner_on", why, projected, null);
        log.warn(
            "Embedding spend cap reached ({}): non-essential work stopped until an executed two-approver override",
            pct);
      }
      case OVERRIDDEN ->
          record(
              month,
              level,
              RESUME_ACTION,
              "executed two-approver override " + overrideId + " restores full operation",
              projected,
              overrideId);
    }
  }

  private void record(
      String month,
      SpendLevel level,
      String action,
      String reason,
      @Nullable BigDecimal projected,
      @Nullable UUID overrideId) {
    recordAction(
        month, level.name().toLowerCase(), action, reason, projected, "system", overrideId);
  }

  void recordAction(
      String month,
      String level,
      String action,
      String reason,
      @Nullable BigDecimal projected,
      String actor,
      @Nullable UUID overrideId) {
    regions
        .operations()
        .jdbc()
        .sql(
            // clock_timestamp, not now(): actions recorded in one transaction keep their order
            "INSERT INTO embedding_enforcement_actions (created_at, month, level, action, reason, projected_usd, cap_usd, actor,"
                + " override_id) VALUES (clock_timestamp(), ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(month, level, action, reason, projected, cap, actor, overrideId)
        .update();
  }

  List<Action> actions(int limit) {
    return regions
        .operations()
        .jdbc()
        .sql(
            "SELECT id, created_at, month, level, action, reason, projected_usd, cap_usd, actor, override_id"
                + " FROM embedding_enforcement_actions ORDER BY created_at DESC, id LIMIT ?")
        .param(limit)
        .query(
            (rs, n) ->
                new Action(
                    rs.getObject("id", UUID.class),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getString("month"),
                    rs.getString("level"),
                    rs.getString("action"),
                    rs.getString("reason"),
                    rs.getBigDecimal("projected_usd"),
                    rs.getBigDecimal("cap_usd"),
                    rs.getString("actor"),
                    rs.getObject("override_id", UUID.class)))
        .list();
  }

  /**
   * Sandbox only: pretend the projection is {@code percent} of the cap, or end the pretence (which
   * also ends a stop the simulation caused, so QA is not locked out for the month).
   */
  synchronized SpendStatus simulate(@Nullable Double percent, String actor) {
    String month = ledger.monthToDate().month().toString();
    if (percent == null) {
      simulatedProjection = null;
      recordAction(month, "sandbox", SIMULATION_RESET, "spend simulation ended", null, actor, null);
    } else {
      simulatedProjection =
          cap.multiply(BigDecimal.valueOf(percent / 100.0)).setScale(2, RoundingMode.HALF_UP);
      recordAction(
          month,
          "sandbox",
          "spend_simulated",
          "projection simulated at " + percent + " % of the cap",
          simulatedProjection,
          actor,
          null);
    }
    return status();
  }
}
