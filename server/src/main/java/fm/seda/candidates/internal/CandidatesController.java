package fm.seda.candidates.internal;

import fm.seda.accounts.Accounts;
import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateRequest;
import fm.seda.candidates.Candidates;
import fm.seda.candidates.SourcesStatus;
import fm.seda.catalog.GenreTaxonomy;
import fm.seda.regions.Region;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The candidate stage made visible: a user's own candidates with every feature and source score
 * (for data scientists tuning weights, and for "why"), and the operators' view of the background
 * sources.
 */
@RestController
@Tag(name = "candidates", description = "Candidate generation: inspection and operations")
class CandidatesController {

  private final Candidates candidates;
  private final Accounts accounts;
  private final GenreTaxonomy taxonomy;

  CandidatesController(Candidates candidates, Accounts accounts, GenreTaxonomy taxonomy) {
    this.candidates = candidates;
    this.accounts = accounts;
    this.taxonomy = taxonomy;
  }

  @GetMapping("/me/candidates")
  @Operation(
      summary =
          "The caller's candidates before ranking, with features and each source's score"
              + " (entity_type: room, playlist, artist, person; comma-separated)")
  List<Candidate> mine(
      @AuthenticationPrincipal Jwt jwt,
      @RequestParam(name = "entity_type", defaultValue = "room,playlist,artist,person")
          String entityTypes,
      @RequestParam(name = "per_source", defaultValue = "20") int perSource,
      @RequestParam(name = "genre", required = false) @Nullable List<String> genres,
      @RequestParam(name = "exclude", required = false) @Nullable List<UUID> exclude) {
    CandidateRequest request;
    try {
      request =
          new CandidateRequest(
              split(entityTypes), perSource, genres(genres), Set.copyOf(orEmpty(exclude)));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid-candidate-request", e.getMessage());
    }
    return candidates.generate(accounts.require(jwt.getSubject()), request);
  }

  @GetMapping("/admin/candidates/status")
  @Operation(summary = "Per region: the serving collaborative model and popularity freshness")
  List<SourcesStatus> status() {
    return candidates.status();
  }

  @PostMapping("/admin/candidates/train")
  @Operation(summary = "Queue a collaborative training run for a region (eu or us)")
  ResponseEntity<Map<String, Object>> train(@RequestParam String region) {
    Region r;
    try {
      r = Region.fromCode(region);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("unknown-region", e.getMessage());
    }
    UUID job = candidates.enqueueTraining(r);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("job_id", job, "region", r.code(), "kind", "train-collaborative"));
  }

  @PostMapping("/admin/candidates/refresh-popularity")
  @Operation(summary = "Queue a popularity and trending refresh (both regions)")
  ResponseEntity<Map<String, Object>> refreshPopularity() {
    UUID job = candidates.enqueuePopularityRefresh();
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("job_id", job, "kind", "refresh-popularity"));
  }

  private static Set<String> split(String csv) {
    var out = new LinkedHashSet<String>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private Set<String> genres(@Nullable List<String> requested) {
    try {
      return taxonomy.names(requested == null ? List.of() : requested);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("unknown-genre", e.getMessage());
    }
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
