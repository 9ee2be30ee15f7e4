package fm.seda.vectors;

import fm.seda.regions.Region;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Vectors per region and entity type, searchable by cosine similarity. Every adapter passes the
 * same contract suite: results ordered by similarity, filters applied before the nearest-neighbour
 * step (a filter too selective for the graph falls back to exact search), tombstoned vectors never
 * returned, and a vector of another dimension than the space already holds refused.
 */
public interface VectorStore {

  /** {@code pgvector} or {@code inprocess}. */
  String adapter();

  /** Inserts or replaces vectors; all must share one entity type's space in {@code region}. */
  void upsert(Region region, List<StoredVector> vectors);

  /** Tombstones vectors: they are never returned again, and purged later. */
  void delete(Region region, String entityType, Collection<UUID> ids);

  List<Neighbour> search(Region region, VectorQuery query);
}
