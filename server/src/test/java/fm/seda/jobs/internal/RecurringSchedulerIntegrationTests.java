package fm.seda.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@SedaIntegrationTest
class RecurringSchedulerIntegrationTests {

  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;

  @Test
  void ofTwoNodesOnlyOneEnqueuesEachRunAndTheNextRunWaitsForItsPeriod() {
    String kind = "test-recurring-" + UUID.randomUUID();
    var job = new RecurringJob(kind, Duration.ofHours(1), Set.of(Region.EU, Region.US), Map.of());
    var nodeA = new RecurringScheduler(regions, jobs, List.of(job), Duration.ofSeconds(30));
    var nodeB = new RecurringScheduler(regions, jobs, List.of(job), Duration.ofSeconds(30));

    int first = nodeA.enqueueDue() + nodeB.enqueueDue();
    int again = nodeA.enqueueDue() + nodeB.enqueueDue();

    assertThat(first).isEqualTo(2); // one per region
    assertThat(again).isZero();
    for (Region region : Region.values()) {
      assertThat(queued(region, kind)).isEqualTo(1);
    }
    finishQueued(kind);
    runPeriodOut(kind);
    assertThat(nodeB.enqueueDue()).isEqualTo(2);
  }

  @Test
  void aDueRunIsNotQueuedBesideOneStillWaiting() {
    String kind = "test-recurring-waiting-" + UUID.randomUUID();
    var job = new RecurringJob(kind, Duration.ofHours(1), Set.of(Region.US), Map.of());
    var node = new RecurringScheduler(regions, jobs, List.of(job), Duration.ofSeconds(30));
    jobs.enqueue(Region.US, kind, Map.of()); // an operator's "run now", not yet started

    assertThat(node.enqueueDue()).isZero();
    assertThat(queued(Region.US, kind)).isEqualTo(1);

    finishQueued(kind);
    runPeriodOut(kind);
    assertThat(node.enqueueDue()).isEqualTo(1);
    assertThat(queued(Region.US, kind)).isEqualTo(1);
  }

  /** As if the period had passed since the last run was queued. */
  private void runPeriodOut(String kind) {
    regions
        .operations()
        .jdbc()
        .sql("UPDATE job_schedules SET next_run_at = now() - interval '1 second' WHERE kind = ?")
        .param(kind)
        .update();
  }

  /** As if a worker had run the queued jobs of this kind. */
  private void finishQueued(String kind) {
    for (Region region : Region.values()) {
      regions
          .database(region)
          .jdbc()
          .sql("UPDATE jobs SET status = 'done', finished_at = now() WHERE kind = ?")
          .param(kind)
          .update();
    }
  }

  @Test
  void aJobThatStartsFromTheNextPeriodIsNotEnqueuedAtFirstStart() {
    String kind = "test-recurring-later-" + UUID.randomUUID();
    var job = RecurringJob.everyRegionFromNextPeriod(kind, Duration.ofHours(24));
    var node = new RecurringScheduler(regions, jobs, List.of(job), Duration.ofSeconds(30));

    assertThat(node.enqueueDue()).isZero();
    runPeriodOut(kind);
    assertThat(node.enqueueDue()).isEqualTo(2);
  }

  @Test
  void periodsUnderAMinuteAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RecurringJob.everyRegion("too-often", Duration.ofSeconds(5)))
        .hasMessageContaining("at least a minute");
  }

  private long queued(Region region, String kind) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT count(*) FROM jobs WHERE kind = ? AND status = 'queued'")
        .param(kind)
        .query(Long.class)
        .single();
  }
}
