package fm.seda.events.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seda.events.*}.
 *
 * @param retention how long {@code fact_events} rows are kept, by {@code occurred_at} ({@code
 *     SEDA_EVENTS_RETENTION}, an ISO-8601 duration such as {@code P400D}, or {@code 400d}). The
 *     daily retention job deletes older rows, and ingestion refuses events older than this. The
 *     default of 400 days keeps a year of history plus a month for year-over-year comparisons.
 */
@ConfigurationProperties("seda.events")
public record EventsProperties(@DefaultValue("P400D") Duration retention) {

  public EventsProperties {
    if (retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException(
          "seda.events.retention (SEDA_EVENTS_RETENTION) must be a positive duration such as"
              + " P400D, got "
              + retention);
    }
  }
}
