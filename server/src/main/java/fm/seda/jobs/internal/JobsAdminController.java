package fm.seda.jobs.internal;

import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pause and resume any kind of background job, for operators: the nightly feed ranking or taste
 * recompute of a large region can hold both cores for a long time, and an operator must be able to
 * stop new runs without a deploy. Queued jobs wait; a running one finishes. A recurring kind can
 * also be run now, without waiting for its period.
 */
@RestController
@Tag(name = "jobs", description = "Background jobs: pause, resume and run now by kind")
class JobsAdminController {

  private static final Logger log = LoggerFactory.getLogger(JobsAdminController.class);

  private final Jobs jobs;
  private final Set<String> kinds;
  private final Map<String, RecurringJob> recurring;

  JobsAdminController(Jobs jobs, List<JobHandler> handlers, List<RecurringJob> recurring) {
    this.jobs = jobs;
    this.kinds = new TreeSet<>(handlers.stream().map(JobHandler::kind).toList());
    this.recurring = new TreeMap<>();
    recurring.forEach(r -> this.recurring.put(r.kind(), r));
  }

  /** The kind changed, and every paused kind now. */
  record KindChanged(String kind, boolean paused, Set<String> pausedKinds) {}

  @PostMapping("/admin/jobs/{kind}/pause")
  @Operation(summary = "Pause one kind of background job (queued ones wait, running ones finish)")
  KindChanged pause(@AuthenticationPrincipal Jwt jwt, @PathVariable String kind) {
    jobs.pause(known(kind), jwt.getSubject());
    return new KindChanged(kind, true, jobs.pausedKinds());
  }

  @PostMapping("/admin/jobs/{kind}/resume")
  @Operation(summary = "Resume a paused kind of background job")
  KindChanged resume(@AuthenticationPrincipal Jwt jwt, @PathVariable String kind) {
    jobs.resume(known(kind), jwt.getSubject());
    return new KindChanged(kind, false, jobs.pausedKinds());
  }

  /**
   * A recurring kind asked to run now: its regions, and those of them where a run was already
   * waiting (nothing more was queued there).
   */
  record RunQueued(String kind, List<String> regions, List<String> alreadyWaiting) {}

  @PostMapping("/admin/jobs/{kind}/run")
  @Operation(
      summary =
          "Queue a run of a recurring job now (the nightly feed ranking after a deploy, say), in"
              + " each of its regions, unless a run is already waiting there")
  RunQueued run(@AuthenticationPrincipal Jwt jwt, @PathVariable String kind) {
    RecurringJob job = recurring.get(known(kind));
    if (job == null) {
      throw ApiProblem.badRequest(
          "not-a-recurring-job",
          "job kind '"
              + kind
              + "' runs when something asks for it, not on a schedule; the recurring kinds are "
              + recurring.keySet());
    }
    var regions = job.regions().stream().sorted().toList();
    var waiting =
        regions.stream()
            .filter(region -> !jobs.enqueueUnlessWaiting(region, kind, job.payload()))
            .map(Region::code)
            .toList();
    log.info(
        "Run of {} asked for in {} by {} (already waiting in {})",
        kind,
        regions,
        jwt.getSubject(),
        waiting);
    return new RunQueued(kind, regions.stream().map(Region::code).toList(), waiting);
  }

  private String known(String kind) {
    if (!kinds.contains(kind)) {
      throw ApiProblem.notFound(
          "unknown-job-kind", "no job kind '" + kind + "'; the kinds are " + kinds);
    }
    return kind;
  }
}
