package fm.seda.recommendations.internal;

import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.candidates.CandidateRequest;
import fm.seda.catalog.GenreTaxonomy;
import fm.seda.recommendations.Explanation;
import fm.seda.recommendations.FeedItem;
import fm.seda.recommendations.Recommendations;
import fm.seda.recommendations.SimilarItem;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recommendation API of the module-boundaries ADR: a user's list (self or admin), many users'
 * lists at once (admin), item-to-item, and "why".
 */
@RestController
@Tag(name = "recommendations", description = "Per-user recommendations, item-to-item and why")
class RecommendationsController {

  static final int MAX_BATCH_USERS = 100;

  private final Recommendations recommendations;
  private final Accounts accounts;
  private final GenreTaxonomy taxonomy;

  RecommendationsController(
      Recommendations recommendations, Accounts accounts, GenreTaxonomy taxonomy) {
    this.recommendations = recommendations;
    this.accounts = accounts;
    this.taxonomy = taxonomy;
  }

  /** A user's recommendations. */
  record UserRecommendations(UUID userId, List<FeedItem> items) {}

  @GetMapping("/recommendations/{userId}")
  @Operation(
      summary =
          "A user's recommendations, best first (the caller's own, or anyone's for an admin);"
              + " entity_type and genre filter, comma-separated")
  UserRecommendations forUser(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable UUID userId,
      @RequestParam(defaultValue = "20") int count,
      @RequestParam(name = "entity_type", required = false) @Nullable String entityTypes,
      @RequestParam(name = "genre", required = false) @Nullable List<String> genres) {
    Account target = selfOrAdmin(jwt, userId);
    return new UserRecommendations(
        userId, recommendations.top(target, count(count), types(entityTypes), genres(genres)));
  }

  /** The body of a batch request. */
  record BatchRequest(
      @Nullable List<UUID> userIds, @Nullable Integer count, @Nullable String entityType) {}

  /** Found users' lists, and the ids that are no (live) account. */
  record BatchResponse(List<UserRecommendations> results, List<UUID> missing) {}

  @PostMapping("/recommendations/batch")
  @Operation(summary = "Several users' recommendations at once (admin; at most 100 users)")
  BatchResponse batch(@AuthenticationPrincipal Jwt jwt, @RequestBody BatchRequest body) {
    requireAdmin(accounts.require(jwt.getSubject()));
    List<UUID> ids = body.userIds() == null ? List.of() : body.userIds();
    if (ids.isEmpty() || ids.size() > MAX_BATCH_USERS) {
      throw ApiProblem.badRequest(
          "invalid-batch", "user_ids must hold 1.." + MAX_BATCH_USERS + " ids, got " + ids.size());
    }
    int count = count(body.count() == null ? 20 : body.count());
    Set<String> types = types(body.entityType());
    var results = new ArrayList<UserRecommendations>();
    var missing = new ArrayList<UUID>();
    for (UUID id : new LinkedHashSet<>(ids)) {
      Optional<Account> account = accounts.byId(id);
      if (account.isEmpty()) {
        missing.add(id);
      } else {
        results.add(
            new UserRecommendations(
                id, recommendations.top(account.get(), count, types, Set.of())));
      }
    }
    return new BatchResponse(results, missing);
  }

  /** Items like one item. */
  record SimilarResponse(String entityType, UUID entityId, List<SimilarItem> items) {}

  @GetMapping("/recommendations/{userId}/similar/{entityType}/{entityId}")
  @Operation(
      summary =
          "Items like one room, playlist or artist, for a user (collaborative and embedding"
              + " neighbours); entity_type narrows the results' type")
  SimilarResponse similar(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable UUID userId,
      @PathVariable String entityType,
      @PathVariable UUID entityId,
      @RequestParam(defaultValue = "10") int count,
      @RequestParam(name = "entity_type", required = false) @Nullable String targetType) {
    Account target = selfOrAdmin(jwt, userId);
    requireType(entityType);
    Set<String> targets = types(targetType);
    if (targets.size() > 1 || targets.contains("person")) {
      throw ApiProblem.badRequest(
          "invalid-entity-type", "entity_type here is one of room, playlist, artist");
    }
    return new SimilarResponse(
        entityType,
        entityId,
        recommendations.similar(
            target,
            entityType,
            entityId,
            targets.isEmpty() ? null : targets.iterator().next(),
            count(count)));
  }

  @GetMapping("/recommendations/{recommendationId}/why")
  @Operation(
      summary =
          "Why an item was recommended: features, signals, weights, contributions, diversity"
              + " penalty and the reason shown")
  Explanation why(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID recommendationId) {
    return recommendations.why(accounts.require(jwt.getSubject()), recommendationId);
  }

  private Account selfOrAdmin(Jwt jwt, UUID userId) {
    Account caller = accounts.require(jwt.getSubject());
    if (caller.id().equals(userId)) {
      return caller;
    }
    requireAdmin(caller);
    return accounts
        .byId(userId)
        .orElseThrow(() -> ApiProblem.notFound("user-not-found", "no user " + userId));
  }

  private static void requireAdmin(Account caller) {
    if (!caller.isAdmin()) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "admin-only",
          "Forbidden",
          "only your own recommendations, unless you are an admin");
    }
  }

  private static int count(int count) {
    if (count < 1 || count > Recommendations.MAX_COUNT) {
      throw ApiProblem.badRequest(
          "invalid-count", "count must be 1.." + Recommendations.MAX_COUNT + ", got " + count);
    }
    return count;
  }

  private static void requireType(String type) {
    if (!CandidateRequest.ENTITY_TYPES.contains(type)) {
      throw ApiProblem.badRequest(
          "unknown-entity-type",
          "unknown entity type '" + type + "'; expected one of " + CandidateRequest.ENTITY_TYPES);
    }
  }

  private static Set<String> types(@Nullable String csv) {
    var types = new LinkedHashSet<String>();
    if (csv != null) {
      for (String part : csv.split(",")) {
        if (!part.isBlank()) {
          requireType(part.trim());
          types.add(part.trim());
        }
      }
    }
    return types;
  }

  private Set<String> genres(@Nullable List<String> requested) {
    try {
      return taxonomy.names(requested == null ? List.of() : requested);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("unknown-genre", e.getMessage());
    }
  }
}
