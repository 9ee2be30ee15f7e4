package fm.seda.candidates;

import java.util.Set;
import java.util.UUID;

/**
 * What to generate: which entity types, how many per source and type, optionally only items of some
 * genres, and items never to propose (dismissed, blocked).
 */
public record CandidateRequest(
    Set<String> entityTypes, int perSource, Set<String> genres, Set<UUID> exclude) {

  public static final Set<String> ENTITY_TYPES = Set.of("room", "playlist", "artist", "person");
  public static final int MAX_PER_SOURCE = 500;

  public CandidateRequest {
    entityTypes = Set.copyOf(entityTypes);
    genres = Set.copyOf(genres);
    exclude = Set.copyOf(exclude);
    if (entityTypes.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one entity type of " + ENTITY_TYPES);
    }
    for (String type : entityTypes) {
      if (!ENTITY_TYPES.contains(type)) {
        throw new IllegalArgumentException(
            "unknown entity type '" + type + "'; expected one of " + ENTITY_TYPES);
      }
    }
    if (perSource < 1 || perSource > MAX_PER_SOURCE) {
      throw new IllegalArgumentException(
          "perSource must be 1.." + MAX_PER_SOURCE + ", got " + perSource);
    }
  }

  /** Every entity type, {@code perSource} each, no filters. */
  public static CandidateRequest all(int perSource) {
    return new CandidateRequest(ENTITY_TYPES, perSource, Set.of(), Set.of());
  }
}
