package fm.seda.jobs.internal;

import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Enqueues recurring jobs when they fall due. Each node checks every {@code checkInterval}; the
 * conditional {@code UPDATE … WHERE next_run_at <= now()} on the schedule row is the claim, so of
 * several nodes exactly one moves a run forward and enqueues it.
 */
final class RecurringScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RecurringScheduler.class);

  private final RegionRouter regions;
  private final Jobs jobs;
  private final List<RecurringJob> recurring;
  private final Duration checkInterval;
  private volatile boolean active;
  private volatile Thread thread;

  RecurringScheduler(
      RegionRouter regions, Jobs jobs, List<RecurringJob> recurring, Duration checkInterval) {
    this.regions = regions;
    this.jobs = jobs;
    this.recurring = List.copyOf(recurring);
    this.checkInterval = checkInterval;
  }

  /** Enqueues every run that is due; returns how many it enqueued. */
  int enqueueDue() {
    int enqueued = 0;
    for (RecurringJob job : recurring) {
      for (Region region : job.regions()) {
        if (!claimRun(job, region)) {
          continue;
        }
        // a run still waiting (queued by an operator or an import, or a paused kind's last run)
        // takes this one's place: two would do the same work twice, one after the other
        if (jobs.enqueueUnlessWaiting(region, job.kind(), job.payload())) {
          log.info("Recurring job {} enqueued in region {}", job.kind(), region.code());
          enqueued++;
        } else {
          log.info(
              "Recurring job {} is due in region {}, but a run is still waiting: not queued again",
              job.kind(),
              region.code());
        }
      }
    }
    return enqueued;
  }

  private boolean claimRun(RecurringJob job, Region region) {
    var ops = regions.operations().jdbc();
    ops.sql(
            "INSERT INTO job_schedules (kind, region, period_seconds, next_run_at)"
                + " VALUES (?, ?, ?, now() + make_interval(secs => ?))"
                + " ON CONFLICT (kind, region) DO NOTHING")
        .params(
            job.kind(),
            region.code(),
            job.period().toSeconds(),
            job.firstRunAfterPeriod() ? (double) job.period().toSeconds() : 0.0)
        .update();
    // the period may have been changed by a deployment: the row follows the code
    return ops.sql(
                "UPDATE job_schedules SET next_run_at = now() + make_interval(secs => ?), period_seconds = ?,"
                    + " last_enqueued_at = now() WHERE kind = ? AND region = ? AND next_run_at <= now()")
            .params(job.period().toSeconds(), job.period().toSeconds(), job.kind(), region.code())
            .update()
        == 1;
  }

  @Override
  public void start() {
    active = true;
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("recurring-jobs")
            .start(
                () -> {
                  while (active) {
                    try {
                      enqueueDue();
                      Thread.sleep(checkInterval.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      log.warn("Recurring job check failed: {}", e.getMessage());
                      try {
                        Thread.sleep(checkInterval.toMillis());
                      } catch (InterruptedException interrupted) {
                        return;
                      }
                    }
                  }
                });
  }

  @Override
  public void stop() {
    active = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }
}
