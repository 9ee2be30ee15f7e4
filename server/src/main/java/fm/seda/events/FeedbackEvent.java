package fm.seda.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One feedback event as a client sends it (JSON: {@code type}, {@code idempotency_key}, {@code
 * occurred_at}, {@code properties}).
 *
 * <p>The first three are nullable because this record is also the wire format: a client may leave
 * them out, and {@link Events#record} then refuses the batch naming the event's index, rather than
 * the JSON reader failing with a less useful message. {@code properties} is never null (absent
 * means empty).
 *
 * <p>Property names other modules read: {@code entity_type} ({@code room}, {@code playlist}, {@code
 * artist} or {@code person}) and {@code entity_id} (a UUID) for the item an event is about; {@code
 * recommendation_id} and {@code surface} (default {@code home}) for events about a recommendation;
 * {@code novel} (boolean) on {@code rec_impression}. {@link Events#KNOWN_TYPES} says which type
 * needs which.
 *
 * @param type one of {@link Events#KNOWN_TYPES}
 * @param idempotencyKey the client's key for this event, unique per user: an event with a key the
 *     user has already sent is a duplicate and is not stored or counted again
 * @param occurredAt when it happened on the client (at most 5 minutes ahead of the server's clock,
 *     and within the retention window)
 * @param properties the event's details (at most {@value Events#MAX_PROPERTIES_BYTES} bytes as
 *     JSON)
 */
public record FeedbackEvent(
    @Nullable String type,
    @Nullable String idempotencyKey,
    @Nullable Instant occurredAt,
    Map<String, Object> properties) {

  public FeedbackEvent {
    // Jackson passes null when the field is absent
    properties =
        properties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(properties)); // JSON nulls allowed
  }
}
