package fm.seda.vectors;

import java.util.UUID;

/** A search result: the entity and its cosine similarity to the query (1 = same direction). */
public record Neighbour(UUID entityId, double similarity) {}
