package fm.seda.recommendations;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A dismissed item.
 *
 * @param until when it may come back; null for {@link DismissMode#NEVER}
 * @param undoUntil the end of the undo window ({@value Recommendations#UNDO_SECONDS} s)
 */
public record Dismissal(
    UUID recommendationId,
    String entityType,
    UUID entityId,
    DismissMode mode,
    Instant dismissedAt,
    @Nullable Instant until,
    Instant undoUntil) {}
