package fm.seda.jobs;

import fm.seda.regions.Region;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Work that comes back on a period (the hourly popularity refresh, the nightly taste and model
 * recomputes). Declare one as a bean; every node's scheduler offers it, and the {@code
 * job_schedules} row in the operations database makes sure only one node enqueues each run, in each
 * of {@code regions}. The first run is due as soon as a node with job workers starts.
 */
public record RecurringJob(
    String kind, Duration period, Set<Region> regions, Map<String, ?> payload) {

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
}
