package fm.seda.candidates;

import java.util.UUID;

/**
 * An item that the collaborative model places near another: the cosine of their factor vectors
 * (people who interact with one interact with the other).
 */
public record SimilarItem(String entityType, UUID entityId, double similarity) {}
