package fm.seda.jobs;

import fm.seda.regions.Region;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Work that comes back on a period (the hourly popularity refresh, the nightly taste and model
 * recomputes). Declare one as a bean; every node's scheduler offers it, and the {@code
 * job_schedules} row in the operations database makes sure only one node enqueues each run, in each
 * of {@code regions}. The first run is due as soon as a node with job workers starts, unless {@code
 * firstRunAfterPeriod}: then one period after the schedule is first seen (for work that requests
 * already do on demand, such as ranking feeds, so a first start is not spent on it). A due run is
 * not queued while one of the same kind is still waiting in that region (queued by an operator or
 * an import, or held by a pause): the waiting one does the work once.
 */
public record RecurringJob(
    String kind,
    Duration period,
    Set<Region> regions,
    Map<String, ?> payload,
    boolean firstRunAfterPeriod) {

  public RecurringJob(String kind, Duration period, Set<Region> regions, Map<String, ?> payload) {
    this(kind, period, regions, payload, false);
  }

  public RecurringJob {
    if (period.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "a recurring job's period must be at least a minute: " + kind);
    }
    regions = Set.copyOf(regions);
    payload = Map.copyOf(payload);
  }

  /** Runs in every region, with no payload. */
  public static RecurringJob everyRegion(String kind, Duration period) {
    return new RecurringJob(kind, period, Set.of(Region.values()), Map.of());
  }

  /** Runs in every region, with no payload, the first time one period from now. */
  public static RecurringJob everyRegionFromNextPeriod(String kind, Duration period) {
    return new RecurringJob(kind, period, Set.of(Region.values()), Map.of(), true);
  }
}
