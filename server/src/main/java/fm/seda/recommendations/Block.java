package fm.seda.recommendations;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An item the user never wants recommended, until they remove the block. */
public record Block(
    String entityType,
    UUID entityId,
    @Nullable String name,
    Instant blockedAt,
    @Nullable UUID recommendationId) {}
