package fm.seda.embeddings.internal;

import fm.seda.embeddings.Purpose;
import fm.seda.embeddings.SpendStatus;
import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.QueueDepth;
import fm.seda.regions.Region;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operators' view of embeddings: spend, enforcement actions, providers, and model switches. */
@RestController
@Validated
@Tag(name = "admin: embeddings", description = "Spend, enforcement actions, providers (admin role)")
class EmbeddingsAdminController {

  /** The kinds of background job that embed (the ones pause-jobs and resume-jobs act on). */
  static final List<String> EMBEDDING_JOBS = fm.seda.embeddings.EmbeddingJobs.ALL;

  private final DefaultEmbeddings embeddings;
  private final Jobs jobs;

  EmbeddingsAdminController(DefaultEmbeddings embeddings, Jobs jobs) {
    this.embeddings = embeddings;
    this.jobs = jobs;
  }

  /**
   * @param kind one embedding job kind, or absent for all of them
   */
  record JobKinds(@org.jspecify.annotations.Nullable String kind) {}

  record JobsChanged(List<String> kinds, boolean paused, List<QueueDepth> queues) {}

  @PostMapping("/admin/embeddings/actions/pause-jobs")
  @Operation(
      summary =
          "Pause embedding background jobs (one kind, or all): queued jobs wait, running ones finish")
  JobsChanged pauseJobs(
      @AuthenticationPrincipal Jwt jwt, @RequestBody(required = false) JobKinds body) {
    return changeJobs(jwt, body, true);
  }

  @PostMapping("/admin/embeddings/actions/resume-jobs")
  @Operation(summary = "Resume paused embedding background jobs")
  JobsChanged resumeJobs(
      @AuthenticationPrincipal Jwt jwt, @RequestBody(required = false) JobKinds body) {
    return changeJobs(jwt, body, false);
  }

  record JobCost(java.util.UUID jobId, String costUsd) {}

  @GetMapping("/admin/embeddings/jobs/{jobId}/cost")
  @Operation(summary = "Embedding cost attributed to one background job so far")
  JobCost jobCost(@org.springframework.web.bind.annotation.PathVariable java.util.UUID jobId) {
    return new JobCost(jobId, embeddings.ledger().costOfJob(jobId).toPlainString());
  }

  @GetMapping("/admin/jobs")
  @Operation(summary = "Queue depths per region and kind, and which kinds are paused")
  List<QueueDepth> queues() {
    return jobs.depths();
  }

  private JobsChanged changeJobs(Jwt jwt, JobKinds body, boolean pause) {
    List<String> kinds;
    if (body == null || body.kind() == null || body.kind().isBlank()) {
      kinds = EMBEDDING_JOBS;
    } else if (EMBEDDING_JOBS.contains(body.kind())) {
      kinds = List.of(body.kind());
    } else {
      throw ApiProblem.badRequest(
          "unknown-job-kind",
          "no embedding job kind '" + body.kind() + "'; known: " + EMBEDDING_JOBS);
    }
    String actor = "admin:" + jwt.getSubject();
    for (String kind : kinds) {
      if (pause) {
        jobs.pause(kind, actor);
      } else {
        jobs.resume(kind, actor);
      }
    }
    embeddings
        .governor()
        .recordAction(
            embeddings.spendStatus().month(),
            "operator",
            pause ? "pause_jobs" : "resume_jobs",
            String.join(", ", kinds),
            null,
            actor,
            null);
    return new JobsChanged(kinds, pause, jobs.depths());
  }

  @GetMapping("/admin/spend-status")
  @Operation(
      summary =
          "Month-to-date and projected embedding spend against the cap, and the enforcement level")
  SpendStatus spendStatus() {
    return embeddings.spendStatus();
  }

  @GetMapping("/admin/embeddings/actions")
  @Operation(summary = "Enforcement actions, newest first")
  List<SpendGovernor.Action> actions(
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
    return embeddings.governor().actions(limit);
  }

  record ProviderView(
      String name,
      String kind,
      String model,
      int dim,
      String location,
      String breaker,
      int batchMaxItems,
      String pricePerMillionTokens) {}

  @GetMapping("/admin/embeddings/providers")
  @Operation(summary = "Configured providers with their circuit breaker state")
  List<ProviderView> providers() {
    return embeddings.batchers().entrySet().stream()
        .map(
            e -> {
              EmbeddingProvider p = e.getValue().provider().provider();
              return new ProviderView(
                  e.getKey(),
                  p.kind(),
                  p.model(),
                  p.dimension(),
                  p.location(),
                  e.getValue().provider().breaker().getState().name().toLowerCase(Locale.ROOT),
                  e.getValue().maxItems(),
                  e.getValue().provider().pricePerMillionTokens().toPlainString());
            })
        .toList();
  }

  record SwitchModel(
      @NotBlank String region, @NotBlank String purpose, @NotBlank String provider) {}

  record Switched(String region, String purpose, String provider, String model, int dim) {}

  @PostMapping("/admin/embeddings/actions/switch-model")
  @Operation(summary = "Serve a region and purpose with another provider of the same dimension")
  Switched switchModel(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SwitchModel body) {
    Region region;
    Purpose purpose;
    try {
      region = Region.fromCode(body.region());
      purpose = Purpose.valueOf(body.purpose().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(
          "invalid-route", "region must be eu or us and purpose catalog or user_taste");
    }
    Batcher target =
        embeddings
            .batcher(body.provider())
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "unknown-provider",
                        "no provider '"
                            + body.provider()
                            + "'; known: "
                            + embeddings.batchers().keySet()));
    EmbeddingProvider to = target.provider().provider();
    var current = embeddings.space(region, purpose);
    if (to.dimension() != current.dim()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "dimension-mismatch",
          "Incompatible model",
          body.provider()
              + " makes "
              + to.dimension()
              + "-d vectors but the "
              + region.code()
              + " "
              + purpose
              + " space holds "
              + current.dim()
              + "-d vectors of "
              + current.model()
              + "; mixing them would break nearest-neighbour search. Re-embed into a new space first.");
    }
    if (region == Region.EU && !"eu".equals(to.location())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "residency",
          "Residency rule",
          body.provider() + " computes outside the EU; EU data is embedded only by an EU runner");
    }
    embeddings.route(region, purpose, body.provider());
    embeddings.persistRoute(region, purpose, body.provider(), jwt.getSubject());
    return new Switched(
        region.code(),
        purpose.name().toLowerCase(Locale.ROOT),
        body.provider(),
        to.model(),
        to.dimension());
  }
}
