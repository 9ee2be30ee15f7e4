package fm.seda.jobs.internal;

import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pause and resume any kind of background job, for operators: the nightly feed ranking or taste
 * recompute of a large region can hold both cores for a long time, and an operator must be able to
 * stop new runs without a deploy. Queued jobs wait; a running one finishes.
 */
@RestController
@Tag(name = "jobs", description = "Background jobs: pause and resume by kind")
class JobsAdminController {

  private final Jobs jobs;
  private final Set<String> kinds;

  JobsAdminController(Jobs jobs, List<JobHandler> handlers) {
    this.jobs = jobs;
    this.kinds = new TreeSet<>(handlers.stream().map(JobHandler::kind).toList());
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

  private String known(String kind) {
    if (!kinds.contains(kind)) {
      throw ApiProblem.notFound(
          "unknown-job-kind", "no job kind '" + kind + "'; the kinds are " + kinds);
    }
    return kind;
  }
}
