package fm.seda.vectors;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.vectors.internal.VectorRows;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
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

  StoredVectors(RegionRouter regions, VectorRows rows) {
    this.regions = regions;
    this.rows = rows;
  }

  /** The live vectors of {@code ids} of one entity type in {@code region}, by id. */
  public Map<UUID, FetchedVector> fetch(Region region, String entityType, Collection<UUID> ids) {
    return rows.fetchLive(regions.database(region), entityType, ids).stream()
        .collect(Collectors.toMap(FetchedVector::entityId, Function.identity()));
  }
}
