package fm.seda.candidates.popularity;

import java.util.List;
import java.util.UUID;

/** One item's row of {@code item_popularity}. */
public record ItemPopularity(
    String entityType, UUID entityId, List<String> genres, double popularity, double trending) {}
