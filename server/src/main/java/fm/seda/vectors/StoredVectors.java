package fm.seda.vectors;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.internal.VectorRows;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Reads stored vectors by id, whichever adapter serves searches: the database is the truth both
 * adapters write first. For computing with vectors (taste means, feature similarities), not for
 * searching.
 */
@Service
public class StoredVectors {

  private final RegionRouter regions;
  private final VectorRows rows;

  /** How each region stores vectors; it does not change while running. */
  private final Map<Region, Boolean> pgvectorColumns = new ConcurrentHashMap<>();

  StoredVectors(RegionRouter regions, VectorRows rows) {
    this.regions = regions;
    this.rows = rows;
  }

  /**
   * The cosine similarity of {@code query} to each stored live vector of {@code ids} of one entity
   * type in {@code region}, computed where the vectors are; ids without a vector of the query's
   * dimension are absent.
   */
  public Map<UUID, Double> similarities(
      Region region, String entityType, Collection<UUID> ids, float[] query) {
    RegionalDatabase db = regions.database(region);
    boolean pgvector = pgvectorColumns.computeIfAbsent(region, r -> rows.isPgvector(db));
    return rows.similarities(db, pgvector, entityType, ids, query);
  }

  /** The live vectors of {@code ids} of one entity type in {@code region}, by id. */
  public Map<UUID, FetchedVector> fetch(Region region, String entityType, Collection<UUID> ids) {
    return rows.fetchLive(regions.database(region), entityType, ids).stream()
        .collect(Collectors.toMap(FetchedVector::entityId, Function.identity()));
  }
}
