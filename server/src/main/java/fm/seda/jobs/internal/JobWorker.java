package fm.seda.jobs.internal;

import fm.seda.jobs.Job;
import fm.seda.jobs.JobDeferred;
import fm.seda.jobs.JobGate;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims and runs jobs. Each poll asks the gate how many jobs may run and whether non-essential
 * ones may start, skips paused kinds, and claims ready jobs from every region with {@code FOR
 * UPDATE SKIP LOCKED}, so any number of nodes can share the queue. A claim is a lease (five minutes
 * by default) that the node renews while the job runs, so a nightly job of an hour keeps it: a node
 * that dies mid-job stops renewing, the lease expires, and another node runs the job again
 * (handlers are idempotent). Failures retry with exponential backoff, five attempts in all.
 *
 * <p>On shutdown the node stops claiming, lets running jobs finish for the stop grace, then
 * interrupts the rest and waits as long again: a job that gives up because of it goes back to the
 * queue without using an attempt. All of this happens while the databases are still open (Spring
 * stops lifecycle beans before it destroys any bean, the pools and indexes among them); a nightly
 * batch left running past that used to rank on against closed pools.
 */
final class JobWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
  static final int MAX_ATTEMPTS = 5;
  static final Duration MIN_LEASE = Duration.ofSeconds(1);

  private final RegionRouter regions;
  private final Jobs jobs;
  private final Map<String, JobHandler> handlers;
  private final JobGate gate;
  private final JsonMapper json;
  private final Duration pollInterval;
  private final Duration leaseCheckInterval;
  private final Duration lease;
  private final Duration stopGrace;
  private final AtomicInteger running = new AtomicInteger();

  /** The jobs this node runs now, whose leases it renews. */
  private final Map<UUID, RegionalDatabase> held = new ConcurrentHashMap<>();

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Thread poller;
  private volatile boolean active;

  /** Set when the stop interrupts the jobs still running: their failure is this node's doing. */
  private volatile boolean interrupting;

  private long polls;

  JobWorker(
      RegionRouter regions,
      Jobs jobs,
      List<JobHandler> handlers,
      JobGate gate,
      JsonMapper json,
      Duration pollInterval,
      Duration leaseCheckInterval,
      Duration lease,
      Duration stopGrace) {
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException(
          "seda.jobs.lease must be at least "
              + MIN_LEASE.toMillis()
              + " ms (a running job renews it every third of it), got "
              + lease);
    }
    if (stopGrace.isNegative()) {
      throw new IllegalArgumentException(
          "seda.jobs.stop-grace must not be negative (how long running jobs may go on at"
              + " shutdown), got "
              + stopGrace);
    }
    this.leaseCheckInterval = leaseCheckInterval;
    this.lease = lease;
    this.stopGrace = stopGrace;
    this.regions = regions;
    this.jobs = jobs;
    this.handlers =
        handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
    this.gate = gate;
    this.json = json;
    this.pollInterval = pollInterval;
  }

  @Override
  public void start() {
    active = true;
    poller = Thread.ofPlatform().daemon().name("job-poller").start(this::loop);
  }

  @Override
  public void stop() {
    active = false;
    if (poller != null) {
      poller.interrupt();
    }
    executor.shutdown();
    try {
      if (executor.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      log.info(
          "Stopping: interrupting {} running jobs (they go back to the queue: {})",
          running.get(),
          String.join(", ", held.keySet().stream().map(UUID::toString).toList()));
      interrupting = true;
      executor.shutdownNow();
      if (!executor.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "Stopping: {} jobs did not stop within {}; their leases expire and another node runs"
                + " them again",
            running.get(),
            stopGrace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  private void loop() {
    long lastReclaim = 0;
    long lastRenewal = System.nanoTime();
    while (active) {
      try {
        // renewed three times per lease: one slow poll cannot let a running job's lease lapse
        if (System.nanoTime() - lastRenewal > lease.toNanos() / 3) {
          renewLeases();
          lastRenewal = System.nanoTime();
        }
        if (System.nanoTime() - lastReclaim > leaseCheckInterval.toNanos()) {
          reclaimExpiredLeases();
          lastReclaim = System.nanoTime();
        }
        boolean found = pollOnce();
        Thread.sleep(found ? 10 : pollInterval.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Job poll failed: {}", e.getMessage());
        try {
          Thread.sleep(pollInterval.toMillis() * 4);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Claims what the gate allows; true when it started anything. */
  boolean pollOnce() {
    int capacity = gate.concurrency() - running.get();
    if (capacity <= 0 || handlers.isEmpty()) {
      return false;
    }
    Set<String> paused = jobs.pausedKinds();
    boolean nonEssential = gate.nonEssentialAllowed();
    String[] kinds =
        handlers.values().stream()
            .filter(h -> !paused.contains(h.kind()))
            .filter(h -> nonEssential || h.essential())
            .map(JobHandler::kind)
            .toArray(String[]::new);
    if (kinds.length == 0) {
      return false;
    }
    boolean started = false;
    // alternate which region is asked first, so a backlog in one cannot starve the other
    List<RegionalDatabase> order = new java.util.ArrayList<>(regions.all());
    java.util.Collections.rotate(order, (int) (polls++ % order.size()));
    for (RegionalDatabase db : order) {
      if (capacity <= 0) {
        break;
      }
      List<Job> claimed = claim(db, kinds, capacity);
      capacity -= claimed.size();
      for (Job job : claimed) {
        running.incrementAndGet();
        held.put(job.id(), db);
        started = true;
        executor.submit(() -> run(db, job));
      }
    }
    return started;
  }

  private List<Job> claim(RegionalDatabase db, String[] kinds, int limit) {
    return db.jdbc()
        .sql(
            """
            UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = now(),
                   locked_until = now() + make_interval(secs => ?)
            WHERE id IN (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= now() AND kind = ANY(?)
                         ORDER BY run_after, created_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, payload::text, attempts
            """)
        .params((double) lease.toMillis() / 1000, kinds, limit)
        .query(
            (rs, n) ->
                new Job(
                    rs.getObject(1, UUID.class),
                    db.region(),
                    rs.getString(2),
                    json.readValue(rs.getString(3), new TypeReference<Map<String, Object>>() {}),
                    rs.getInt(4)))
        .list();
  }

  private void run(RegionalDatabase db, Job job) {
    try {
      Exception failure = null;
      try {
        handlers.get(job.kind()).run(job);
      } catch (Exception e) {
        failure = e;
      }
      // the outcome is written even when the stop interrupted the job: a virtual thread's socket
      // reads fail while its interrupt flag is set, and the flag has done its work
      Thread.interrupted();
      record(db, job, failure);
    } catch (RuntimeException e) {
      log.warn(
          "Job {} ({}): its outcome was not recorded: {}", job.id(), job.kind(), e.getMessage());
    } finally {
      held.remove(job.id());
      running.decrementAndGet();
    }
  }

  private void record(RegionalDatabase db, Job job, @Nullable Exception failure) {
    if (failure == null) {
      db.jdbc()
          .sql(
              "UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL WHERE id = ?")
          .param(job.id())
          .update();
    } else if (failure instanceof JobDeferred deferred) {
      requeue(db, job, "deferred: " + deferred.getMessage(), deferred.delay());
    } else if (interrupting) {
      log.info("Job {} ({}) stopped by this node's shutdown: queued again", job.id(), job.kind());
      requeue(db, job, "stopped by a node's shutdown: " + failure.getMessage(), Duration.ZERO);
    } else {
      boolean give = job.attempts() >= MAX_ATTEMPTS;
      log.warn(
          "Job {} ({}) attempt {} failed{}: {}",
          job.id(),
          job.kind(),
          job.attempts(),
          give ? ", giving up" : "",
          failure.getMessage());
      db.jdbc()
          .sql(
              "UPDATE jobs SET status = ?, locked_until = NULL, last_error = ?,"
                  + " run_after = now() + make_interval(secs => ?) WHERE id = ?")
          .params(
              give ? "failed" : "queued",
              String.valueOf(failure.getMessage()),
              Math.pow(2, job.attempts()),
              job.id())
          .update();
    }
  }

  /** Back to the queue after {@code delay}, the attempt not counted. */
  private void requeue(RegionalDatabase db, Job job, String reason, Duration delay) {
    db.jdbc()
        .sql(
            "UPDATE jobs SET status = 'queued', attempts = greatest(0, attempts - 1), locked_until = NULL,"
                + " last_error = ?, run_after = now() + make_interval(secs => ?) WHERE id = ?")
        .params(reason, (double) delay.toSeconds(), job.id())
        .update();
  }

  /** Extends the lease of every job this node is running. */
  private void renewLeases() {
    for (RegionalDatabase db : regions.all()) {
      UUID[] ids =
          held.entrySet().stream()
              .filter(e -> e.getValue() == db)
              .map(Map.Entry::getKey)
              .toArray(UUID[]::new);
      if (ids.length > 0) {
        db.jdbc()
            .sql(
                "UPDATE jobs SET locked_until = now() + make_interval(secs => ?)"
                    + " WHERE id = ANY(?) AND status = 'running'")
            .params((double) lease.toMillis() / 1000, ids)
            .update();
      }
    }
  }

  private void reclaimExpiredLeases() {
    for (RegionalDatabase db : regions.all()) {
      int reclaimed =
          db.jdbc()
              .sql(
                  "UPDATE jobs SET locked_until = NULL, status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,"
                      + " last_error = CASE WHEN attempts >= ? THEN 'abandoned: every attempt ended with its node stopping'"
                      + " ELSE last_error END WHERE status = 'running' AND locked_until < now()")
              .params(MAX_ATTEMPTS, MAX_ATTEMPTS)
              .update();
      if (reclaimed > 0) {
        log.warn(
            "Reclaimed {} jobs in region {} whose node stopped mid-run",
            reclaimed,
            db.region().code());
      }
    }
  }

  int runningNow() {
    return running.get();
  }
}
