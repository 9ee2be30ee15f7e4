package fm.seda.vectors;

import java.util.Set;
import java.util.UUID;

/**
 * A nearest-neighbour query within one entity type: the {@code k} most similar live vectors,
 * optionally only those with any of {@code anyTags}, never those in {@code exclude}. {@code
 * efSearch} is the HNSW beam width (the seed's default is {@value #SEED_EF_SEARCH}): larger finds
 * more true neighbours, slower. {@link #DEFAULT_EF_SEARCH} (0, what {@link #nearest} uses) asks for
 * the store's default: both adapters replace it with {@code seda.vectors.ef-search}; any other
 * value is used as given.
 */
public record VectorQuery(
    String entityType,
    float[] vector,
    int k,
    Set<String> anyTags,
    Set<UUID> exclude,
    int efSearch) {

  /** Not a beam width: "the store's default" ({@code seda.vectors.ef-search}). */
  public static final int DEFAULT_EF_SEARCH = 0;

  /** The seed's ef_search, the default of a store built without one. */
  public static final int SEED_EF_SEARCH = 64;

  public VectorQuery {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be 1..1000, got " + k);
    }
    if (efSearch < 0) {
      throw new IllegalArgumentException(
          "efSearch must be positive, or 0 for the store's default; got " + efSearch);
    }
    anyTags = Set.copyOf(anyTags);
    exclude = Set.copyOf(exclude);
  }

  public static VectorQuery nearest(String entityType, float[] vector, int k) {
    return new VectorQuery(entityType, vector, k, Set.of(), Set.of(), DEFAULT_EF_SEARCH);
  }
}
