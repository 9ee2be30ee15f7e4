package fm.seda.vectors;

import fm.seda.embeddings.EmbeddingMeta;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vector to store: what it belongs to, its values, its provenance, and the tags (genres) that
 * filtered searches select on.
 */
public record StoredVector(
    String entityType,
    UUID entityId,
    @Nullable UUID ownerUserId,
    float[] vector,
    EmbeddingMeta meta,
    Set<String> tags) {}
