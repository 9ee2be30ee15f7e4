package fm.seda.recommendations.internal;

import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.candidates.CandidateRequest;
import fm.seda.recommendations.Block;
import fm.seda.recommendations.DismissMode;
import fm.seda.recommendations.Dismissal;
import fm.seda.recommendations.Feed;
import fm.seda.recommendations.Recommendations;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's feed, and what they do to its items: dismiss, undo, block and unblock. */
@RestController
@Tag(name = "feed", description = "The home feed, dismissals and blocks")
class FeedController {

  private final Recommendations recommendations;
  private final Accounts accounts;

  FeedController(Recommendations recommendations, Accounts accounts) {
    this.recommendations = recommendations;
    this.accounts = accounts;
  }

  @GetMapping("/feed")
  @Operation(
      summary =
          "The caller's feed: modules of rooms, playlists, artists and people with reasons,"
              + " friends, actions and provenance; cached per user, ranked on a miss")
  @ApiResponse(
      responseCode = "200",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = Feed.class)))
  ResponseEntity<byte[]> feed(
      @AuthenticationPrincipal Jwt jwt,
      @RequestParam(defaultValue = "home") String surface,
      @RequestParam(name = "user_id", required = false) @Nullable UUID userId) {
    Account account = accounts.require(jwt.getSubject());
    if (userId != null && !userId.equals(account.id())) {
      throw ApiProblem.badRequest(
          "not-your-feed",
          "user_id names another user; GET /recommendations/{user_id} serves admins");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(recommendations.feedJson(account, surface));
  }

  /** The body of a dismissal. */
  record DismissRequest(@Nullable String mode) {}

  @PostMapping("/feed/items/{recommendationId}/dismiss")
  @Operation(
      summary =
          "Dismiss an item: hide_24h (default), not_interested (30 days) or never (until"
              + " unblocked); undo within 10 s")
  Dismissal dismiss(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable UUID recommendationId,
      @RequestBody(required = false) @Nullable DismissRequest body) {
    DismissMode mode;
    try {
      mode =
          body == null || body.mode() == null
              ? DismissMode.HIDE_24H
              : DismissMode.fromCode(body.mode());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid-dismiss-mode", e.getMessage());
    }
    return recommendations.dismiss(accounts.require(jwt.getSubject()), recommendationId, mode);
  }

  @PostMapping("/feed/items/{recommendationId}/undo")
  @Operation(summary = "Undo a dismissal made less than 10 s ago")
  Dismissal undo(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID recommendationId) {
    return recommendations.undo(accounts.require(jwt.getSubject()), recommendationId);
  }

  @GetMapping("/me/blocks")
  @Operation(summary = "Items the caller never wants recommended")
  List<Block> blocks(@AuthenticationPrincipal Jwt jwt) {
    return recommendations.blocks(accounts.require(jwt.getSubject()));
  }

  @DeleteMapping("/me/blocks/{entityType}/{entityId}")
  @Operation(summary = "Remove a block: the item may be recommended again")
  ResponseEntity<Void> unblock(
      @AuthenticationPrincipal Jwt jwt,
      @PathVariable String entityType,
      @PathVariable UUID entityId) {
    if (!CandidateRequest.ENTITY_TYPES.contains(entityType)) {
      throw ApiProblem.badRequest(
          "unknown-entity-type",
          "unknown entity type '"
              + entityType
              + "'; expected one of "
              + CandidateRequest.ENTITY_TYPES);
    }
    recommendations.unblock(accounts.require(jwt.getSubject()), entityType, entityId);
    return ResponseEntity.noContent().build();
  }
}
