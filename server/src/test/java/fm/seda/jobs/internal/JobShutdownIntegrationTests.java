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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node that stops lets a short job finish, and hands a long one (the nightly batch of a large
 * region) back to the queue with its attempt unspent, before its databases close.
 */
@SedaIntegrationTest
class JobShutdownIntegrationTests {

  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;
  @Autowired JsonMapper json;

  private final String kind = "shutdown-test-" + UUID.randomUUID();

  @AfterEach
  void removeTheJobs() {
    regions.database(Region.US).jdbc().sql("DELETE FROM jobs WHERE kind = ?").param(kind).update();
  }

  @Test
  void aJobStillRunningAfterTheGraceIsInterruptedAndQueuedAgainWithItsAttemptUnspent()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    JobWorker worker =
        worker(
            job -> {
              started.countDown();
              Thread.sleep(Duration.ofMinutes(5)); // as long as a nightly batch, for a test
            },
            Duration.ofMillis(300));
    UUID id = jobs.enqueue(Region.US, kind, Map.of());
    worker.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the job started").isTrue();

    worker.stop();

    assertThat(jobs.status(Region.US, id)).isEqualTo("queued");
    Map<String, Object> row =
        regions
            .database(Region.US)
            .jdbc()
            .sql("SELECT attempts, last_error, run_after <= now() AS due FROM jobs WHERE id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(row.get("attempts")).as("attempts used").isEqualTo(0);
    assertThat((String) row.get("last_error")).startsWith("stopped by a node's shutdown");
    assertThat(row.get("due")).as("due again at once").isEqualTo(true);
  }

  @Test
  void aJobsSavedProgressComesBackToItWhenItIsClaimedAgainAfterAStop() throws InterruptedException {
    var started = new CountDownLatch(1);
    var resumedFrom = new java.util.concurrent.atomic.AtomicReference<Object>();
    JobHandler.Work work =
        job -> {
          if (job.progress().containsKey("after")) {
            resumedFrom.set(job.progress().get("after"));
            return;
          }
          jobs.saveProgress(job, Map.of("after", "page 7"));
          started.countDown();
          Thread.sleep(Duration.ofMinutes(5));
        };
    UUID id = jobs.enqueue(Region.US, kind, Map.of("region", "us"));
    JobWorker first = worker(work, Duration.ofMillis(300));
    first.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the job started").isTrue();
    first.stop();
    assertThat(jobs.enqueueUnlessWaiting(Region.US, kind, Map.of("region", "us")))
        .as("queued again: the stopped run, with its progress, is still the one waiting")
        .isFalse();

    JobWorker second = worker(work, Duration.ofSeconds(10));
    second.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!jobs.status(Region.US, id).equals("done") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      second.stop();
    }

    assertThat(jobs.status(Region.US, id)).isEqualTo("done");
    assertThat(resumedFrom.get()).isEqualTo("page 7");
  }

  @Test
  void aJobThatEndsWithinTheGraceIsDone() throws InterruptedException {
    var started = new CountDownLatch(1);
    JobWorker worker =
        worker(
            job -> {
              started.countDown();
              Thread.sleep(Duration.ofMillis(300));
            },
            Duration.ofSeconds(20));
    UUID id = jobs.enqueue(Region.US, kind, Map.of());
    worker.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).as("the job started").isTrue();

    worker.stop();

    assertThat(jobs.status(Region.US, id)).isEqualTo("done");
  }

  @Test
  void aNegativeStopGraceIsRefusedWithTheSettingsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> worker(job -> {}, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seda.jobs.stop-grace");
  }

  private JobWorker worker(JobHandler.Work work, Duration stopGrace) {
    return new JobWorker(
        regions,
        jobs,
        List.of(JobHandler.of(kind, true, work)),
        JobGate.OPEN,
        json,
        Duration.ofMillis(50),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        stopGrace);
  }
}
