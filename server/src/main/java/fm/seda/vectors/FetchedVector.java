package fm.seda.vectors;

import fm.seda.embeddings.EmbeddingMeta;
import java.util.UUID;

/** A stored vector read back by id, with the provenance that says which space it is in. */
public record FetchedVector(UUID entityId, float[] vector, EmbeddingMeta meta) {}
