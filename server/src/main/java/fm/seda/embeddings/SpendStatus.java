package fm.seda.embeddings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The month's embedding spend as operators see it ({@code GET /admin/spend-status}).
 *
 * @param projectedUsd the month-to-date spend extrapolated to the whole month at the current rate
 * @param simulated whether a sandbox simulation sets the projection
 * @param degradedBanner whether clients should show the degraded-service banner
 */
public record SpendStatus(
    String month,
    BigDecimal capUsd,
    BigDecimal monthToDateUsd,
    BigDecimal projectedUsd,
    double projectedShareOfCap,
    SpendLevel level,
    boolean simulated,
    boolean degradedBanner,
    boolean backgroundJobsPaused,
    @Nullable UUID overrideId,
    Map<String, BigDecimal> monthToDateByProvider,
    Instant asOf) {}
