package fm.seda.events.internal;

import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.RegionRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The daily {@value #KIND} job, one run per region: deletes that region's {@code fact_events} that
 * occurred longer ago than {@code seda.events.retention}, in bounded chunks. Essential, because
 * retention is a privacy promise and costs no embedding spend.
 */
@Component
public class EventRetention implements JobHandler {

  public static final String KIND = "purge-expired-events";
  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final RegionRouter regions;
  private final EventStore store;
  private final EventsProperties properties;
  private final Clock clock = Clock.systemUTC();

  EventRetention(RegionRouter regions, EventStore store, EventsProperties properties) {
    this.regions = regions;
    this.store = store;
    this.properties = properties;
  }

  @Bean
  static RecurringJob dailyEventRetention() {
    return RecurringJob.everyRegion(KIND, Duration.ofDays(1));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean essential() {
    return true;
  }

  @Override
  public void run(Job job) {
    Instant cutoff = clock.instant().minus(properties.retention());
    long deleted = store.purgeBefore(regions.database(job.region()), cutoff);
    log.info(
        "Deleted {} fact_events older than {} (retention {}) in region {}",
        deleted,
        cutoff,
        properties.retention(),
        job.region().code());
  }
}
