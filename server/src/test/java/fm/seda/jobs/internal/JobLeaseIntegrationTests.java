package fm.seda.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.jobs.JobGate;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job that runs longer than its lease keeps it: the node renews it, so the lease check does not
 * hand the job to a second run while the first is still working (the nightly feed ranking of a
 * large region runs for many leases).
 */
@SedaIntegrationTest
class JobLeaseIntegrationTests {

  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;
  @Autowired JsonMapper json;

  @Test
  void aJobLongerThanItsLeaseRunsOnce() throws InterruptedException {
    String kind = "lease-test-" + UUID.randomUUID();
    var runs = new AtomicInteger();
    JobHandler slow =
        JobHandler.of(
            kind,
            true,
            job -> {
              runs.incrementAndGet();
              sleep(Duration.ofMillis(4_000));
            });
    var worker =
        new JobWorker(
            regions,
            jobs,
            List.of(slow),
            JobGate.OPEN,
            json,
            Duration.ofMillis(50),
            Duration.ofMillis(100), // the lease check runs often,
            Duration.ofMillis(1_200), // and the job takes more than three leases
            Duration.ofSeconds(10));
    UUID id = jobs.enqueue(Region.US, kind, Map.of());
    worker.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!jobs.status(Region.US, id).equals("done") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } finally {
      worker.stop();
    }

    assertThat(jobs.status(Region.US, id)).isEqualTo("done");
    assertThat(runs.get()).as("runs of the one job").isEqualTo(1);
  }

  @Test
  void aLeaseUnderASecondIsRefusedWithTheSettingsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new JobWorker(
                    regions,
                    jobs,
                    List.of(),
                    JobGate.OPEN,
                    json,
                    Duration.ofMillis(50),
                    Duration.ofMillis(100),
                    Duration.ZERO,
                    Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seda.jobs.lease");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
