package fm.seda.events.internal;

import fm.seda.accounts.Accounts;
import fm.seda.events.Events;
import fm.seda.events.FeedbackEvent;
import fm.seda.events.IngestResult;
import fm.seda.events.SurfaceMetrics;
import fm.seda.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Feedback ingestion for clients, and the recommendation quality metrics for operators. */
@RestController
@Tag(name = "events", description = "Feedback events: ingestion and per-surface metrics")
class EventsController {

  private final Events events;
  private final Accounts accounts;
  private final Clock clock = Clock.systemUTC();

  EventsController(Events events, Accounts accounts) {
    this.events = events;
    this.accounts = accounts;
  }

  /** The body of {@code POST /events}. */
  record EventBatch(@Nullable List<FeedbackEvent> events) {}

  @PostMapping("/events")
  @Operation(
      summary = "Record a batch of the caller's feedback events (1..500), exactly once each",
      description =
          "Each event: type, idempotency_key (unique per user; a key already sent makes the event"
              + " a duplicate, stored and counted once), occurred_at (ISO-8601, at most 5 minutes"
              + " ahead, within the retention window), properties (item events: entity_type and"
              + " entity_id; rec_* events: recommendation_id, surface, novel). Any invalid event"
              + " refuses the whole batch, naming its index. A 200 means the accepted events are"
              + " committed to the database.")
  @ApiResponse(responseCode = "200", description = "accepted and duplicate counts")
  @ApiResponse(responseCode = "400", description = "an invalid event (problem names its index)")
  @ApiResponse(responseCode = "413", description = "more than 500 events in the batch")
  IngestResult record(@AuthenticationPrincipal Jwt jwt, @RequestBody EventBatch batch) {
    var account = accounts.require(jwt.getSubject());
    // an absent list is an empty batch, refused by the facade like any other
    List<FeedbackEvent> events = batch.events() == null ? List.of() : batch.events();
    return this.events.record(account, events);
  }

  @GetMapping("/admin/events/metrics")
  @Operation(
      summary = "Recommendation quality per surface over both regions",
      description =
          "Counts events carrying a recommendation_id, by their surface: impressions, clicks,"
              + " listens (listen_30s), skips (track_skip), dismisses, dismiss undos, novel"
              + " impressions; ctr = clicks/impressions, listen_rate = listens/clicks, skip_rate"
              + " = skips/clicks, dismiss_rate = dismisses/impressions, novelty_share = novel"
              + " impressions/impressions (null when the denominator is 0).")
  List<SurfaceMetrics> metrics(
      @Parameter(description = "only this surface (default: every surface)")
          @RequestParam(required = false)
          @Nullable String surface,
      @Parameter(description = "ISO-8601 instant; default 7 days ago")
          @RequestParam(required = false)
          @Nullable String since) {
    Instant from;
    if (since == null || since.isBlank()) {
      from = clock.instant().minus(Duration.ofDays(7));
    } else {
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        throw ApiProblem.badRequest(
            "invalid-since",
            "since '" + since + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
      }
    }
    return events.metrics(surface == null || surface.isBlank() ? null : surface, from);
  }
}
