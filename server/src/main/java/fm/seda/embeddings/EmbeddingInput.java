package fm.seda.embeddings;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One text to embed and what it belongs to (for the audit trail).
 *
 * @param ownerUserId the user whose personal data this is (taste vectors), or null for catalog
 */
public record EmbeddingInput(
    String entityType, UUID entityId, @Nullable UUID ownerUserId, String text) {}
