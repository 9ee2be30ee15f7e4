package fm.seda.events.internal;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event that passed every rule, ready to store: its properties normalised (canonical lower-case
 * {@code entity_id}, {@code surface} filled in) and already serialised.
 */
public record ValidEvent(
    EventType type,
    String idempotencyKey,
    Instant occurredAt,
    String propertiesJson,
    @Nullable String entityType,
    @Nullable UUID entityId) {}
