package fm.seda.vectors.internal;

import fm.seda.regions.Region;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.StoredVectors;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * The chosen adapter, with the copies of vectors {@link StoredVectors} keeps dropped as this node
 * writes or deletes them: whichever module writes (catalog embedding, taste recompute, a residency
 * move, an erasure), this node's next read of those vectors goes to the database.
 */
final class ForgettingVectorStore implements VectorStore, AutoCloseable {

  private final VectorStore delegate;
  private final StoredVectors kept;

  ForgettingVectorStore(VectorStore delegate, StoredVectors kept) {
    this.delegate = delegate;
    this.kept = kept;
  }

  @Override
  public String adapter() {
    return delegate.adapter();
  }

  @Override
  public void upsert(Region region, List<StoredVector> vectors) {
    // forgotten even when the write fails: the database may hold it while the index does not
    try {
      delegate.upsert(region, vectors);
    } finally {
      var byType = new HashMap<String, List<UUID>>();
      for (StoredVector v : vectors) {
        byType.computeIfAbsent(v.entityType(), t -> new ArrayList<>()).add(v.entityId());
      }
      byType.forEach((type, ids) -> kept.forget(region, type, ids));
    }
  }

  @Override
  public void delete(Region region, String entityType, Collection<UUID> ids) {
    try {
      delegate.delete(region, entityType, ids);
    } finally {
      kept.forget(region, entityType, ids);
    }
  }

  @Override
  public List<Neighbour> search(Region region, VectorQuery query) {
    return delegate.search(region, query);
  }

  @Override
  public void close() throws Exception {
    if (delegate instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
