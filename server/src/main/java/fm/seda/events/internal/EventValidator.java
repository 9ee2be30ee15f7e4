package fm.seda.events.internal;

import fm.seda.events.FeedbackEvent;
import fm.seda.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a batch must pass before anything is stored. A batch is all or nothing: the first
 * invalid event refuses the whole batch with a problem naming its index ({@code index} property,
 * and {@code events[i]} in the detail), so a client never has to work out which half was stored.
 */
public final class EventValidator {

  /** The most events in one batch: about 1 MB of JSON and one database round trip. */
  public static final int MAX_BATCH = 500;

  /** Client clocks run ahead; an event up to this far in the server's future is accepted. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  public static final int MAX_KEY_LENGTH = 200;
  public static final int MAX_PROPERTIES_BYTES = 4096;
  public static final String DEFAULT_SURFACE = "home";

  // canonical 8-4-4-4-12 only: UUID.fromString also takes "1-2-3-4-5", which SQL casts refuse
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SURFACE = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final java.util.Set<String> PROVIDERS = java.util.Set.of("spotify", "apple");

  private final JsonMapper json;

  public EventValidator(JsonMapper json) {
    this.json = json;
  }

  /**
   * The batch's events, each checked and normalised, in the order given.
   *
   * @param retention events older than {@code now - retention} are refused: the retention job would
   *     delete them at once
   * @throws ApiProblem 400 (413 for too many events) naming the rule and the event's index
   */
  public List<ValidEvent> validate(
      @Nullable List<? extends @Nullable FeedbackEvent> events, Instant now, Duration retention) {
    if (events == null || events.isEmpty()) {
      throw ApiProblem.badRequest(
          "empty-batch", "the batch has no events: send {\"events\": [...]} with 1.." + MAX_BATCH);
    }
    if (events.size() > MAX_BATCH) {
      // 413, not 400: nothing is wrong with any event, the request is too large for one call
      // and the same events split into smaller batches will be accepted
      throw new ApiProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          "batch-too-large",
          "Batch too large",
          "the batch has "
              + events.size()
              + " events; at most "
              + MAX_BATCH
              + " are accepted per request, split it",
          Map.of("max_events", MAX_BATCH, "events", events.size()));
    }
    var valid = new ArrayList<ValidEvent>(events.size());
    var firstIndexOfKey = new HashMap<String, Integer>();
    Instant latest = now.plus(CLOCK_SKEW);
    Instant earliest = now.minus(retention);
    for (int i = 0; i < events.size(); i++) {
      FeedbackEvent event = events.get(i);
      if (event == null) {
        throw invalid(i, "invalid-event", "is null, expected an event object");
      }
      valid.add(validate(i, event, latest, earliest, firstIndexOfKey));
    }
    return valid;
  }

  private ValidEvent validate(
      int i,
      FeedbackEvent event,
      Instant latest,
      Instant earliest,
      Map<String, Integer> firstIndexOfKey) {
    String name = event.type();
    if (name == null || name.isBlank()) {
      throw invalid(i, "missing-event-type", "has no type; known types: " + EventType.NAMES);
    }
    EventType type = EventType.of(name);
    if (type == null) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "unknown-event-type",
          "Invalid event",
          at(i) + "unknown type '" + name + "'; known types: " + EventType.NAMES,
          Map.of("index", i, "event_type", name, "known_types", EventType.NAMES));
    }
    String key = event.idempotencyKey();
    if (key == null || key.isBlank()) {
      throw invalid(
          i,
          "missing-idempotency-key",
          "has no idempotency_key; every event needs one, unique per user, so that a retried batch"
              + " is not counted twice");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw invalid(
          i,
          "invalid-idempotency-key",
          "idempotency_key is " + key.length() + " characters long, at most " + MAX_KEY_LENGTH);
    }
    Integer earlier = firstIndexOfKey.putIfAbsent(key, i);
    if (earlier != null) {
      throw invalid(
          i,
          "duplicate-idempotency-key",
          "idempotency_key '" + key + "' is also used by events[" + earlier + "] of this batch");
    }
    Instant occurredAt = event.occurredAt();
    if (occurredAt == null) {
      throw invalid(i, "missing-occurred-at", "has no occurred_at (an ISO-8601 instant)");
    }
    if (occurredAt.isAfter(latest)) {
      throw invalid(
          i,
          "future-occurred-at",
          "occurred_at "
              + occurredAt
              + " is in the future (more than "
              + CLOCK_SKEW.toMinutes()
              + " minutes ahead of the server's clock)");
    }
    if (occurredAt.isBefore(earliest)) {
      throw invalid(
          i,
          "expired-occurred-at",
          "occurred_at "
              + occurredAt
              + " is older than the retention window (events before "
              + earliest
              + " are not kept)");
    }
    var properties = new LinkedHashMap<String, @Nullable Object>(event.properties());
    String entityType = null;
    UUID entityId = null;
    if (!type.item.entityTypes.isEmpty()) {
      entityType = requiredText(i, type, properties, "entity_type");
      if (!EventType.ENTITY_TYPES.contains(entityType)) {
        throw invalid(
            i,
            "invalid-entity-type",
            "entity_type '" + entityType + "' is not one of " + EventType.ENTITY_TYPES);
      }
      if (!type.item.entityTypes.contains(entityType)) {
        throw invalid(
            i,
            "invalid-entity-type",
            type.wire()
                + " is about "
                + type.item.entityTypes
                + ", not entity_type '"
                + entityType
                + "'");
      }
      String id = requiredText(i, type, properties, "entity_id");
      if (!UUID_TEXT.matcher(id).matches()) {
        throw invalid(i, "invalid-entity-id", "entity_id '" + id + "' is not a UUID");
      }
      entityId = UUID.fromString(id);
      properties.put("entity_id", entityId.toString());
    }
    if (type.aboutRecommendation) {
      requiredText(i, type, properties, "recommendation_id");
    }
    Object recommendation = properties.get("recommendation_id");
    if (recommendation != null) {
      if (!(recommendation instanceof String text) || text.isBlank() || text.length() > 200) {
        throw invalid(
            i, "invalid-property", "recommendation_id must be a non-blank string of at most 200");
      }
      Object surface = properties.get("surface");
      if (surface == null) {
        properties.put("surface", DEFAULT_SURFACE);
      } else if (!(surface instanceof String s) || !SURFACE.matcher(s).matches()) {
        throw invalid(
            i, "invalid-property", "surface must match " + SURFACE.pattern() + ", got " + surface);
      }
    }
    Object novel = properties.get("novel");
    if (novel != null && !(novel instanceof Boolean)) {
      throw invalid(i, "invalid-property", "novel must be true or false, got " + novel);
    }
    if (type == EventType.PROVIDER_LINKED || type == EventType.PROVIDER_UNLINKED) {
      String provider = requiredText(i, type, properties, "provider");
      if (!PROVIDERS.contains(provider)) {
        throw invalid(
            i, "invalid-property", "provider '" + provider + "' is not one of " + PROVIDERS);
      }
    }
    String propertiesJson = json.writeValueAsString(properties);
    int bytes = propertiesJson.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PROPERTIES_BYTES) {
      throw invalid(
          i,
          "event-too-large",
          "properties are " + bytes + " bytes as JSON, at most " + MAX_PROPERTIES_BYTES);
    }
    return new ValidEvent(type, key, occurredAt, propertiesJson, entityType, entityId);
  }

  private static String requiredText(
      int i, EventType type, Map<String, @Nullable Object> properties, String name) {
    Object value = properties.get(name);
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw invalid(
          i, "missing-property", type.wire() + " needs properties." + name + " and has none");
    }
    if (!(value instanceof String text)) {
      throw invalid(i, "invalid-property", "properties." + name + " must be a string");
    }
    return text;
  }

  private static String at(int i) {
    return "events[" + i + "]: ";
  }

  private static ApiProblem invalid(int i, String slug, String detail) {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST, slug, "Invalid event", at(i) + detail, Map.of("index", i));
  }
}
