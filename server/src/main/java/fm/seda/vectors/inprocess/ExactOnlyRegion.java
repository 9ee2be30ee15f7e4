package fm.seda.vectors.inprocess;

import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.internal.VectorRows;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A region whose index directory another process holds (typically {@code seda seed} running beside
 * the server on the same data directory): searches are exact over a flat copy loaded from the
 * database on first use, and no graph is built, so a short-lived process costs neither memory nor
 * CPU it does not use.
 *
 * <p>The copy is loaded under a write lock and every write runs its database write and its copy
 * update under the read lock: a write lands either before the load reads the table, or after it and
 * into the loaded copy.
 */
final class ExactOnlyRegion implements RegionVectors {

  private final RegionalDatabase db;
  private final VectorRows rows;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile @Nullable FlatVectors flat;

  ExactOnlyRegion(RegionalDatabase db, VectorRows rows) {
    this.db = db;
    this.rows = rows;
  }

  @Override
  public Origin origin() {
    return Origin.EXACT_ONLY;
  }

  @Override
  public boolean warmingUp() {
    return true;
  }

  @Override
  public boolean awaitReady(Duration timeout) {
    return false;
  }

  @Override
  public void upsert(List<StoredVector> vectors, Runnable persist) {
    lock.readLock().lock();
    try {
      persist.run();
      FlatVectors copy = flat;
      if (copy != null) {
        vectors.forEach(v -> copy.put(v.entityType(), v.entityId(), v.vector(), v.tags()));
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void delete(String entityType, Collection<UUID> ids, Runnable tombstone) {
    lock.readLock().lock();
    try {
      tombstone.run();
      FlatVectors copy = flat;
      if (copy != null) {
        ids.forEach(id -> copy.remove(entityType, id));
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Neighbour> search(VectorQuery query, int efSearch) {
    return loaded().search(query);
  }

  private FlatVectors loaded() {
    FlatVectors copy = flat;
    if (copy != null) {
      return copy;
    }
    lock.writeLock().lock();
    try {
      if (flat == null) {
        var loading = new FlatVectors();
        rows.forEachLive(
            db, row -> loading.put(row.entityType(), row.entityId(), row.vector(), row.tags()));
        flat = loading;
      }
      return flat;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    flat = null;
  }
}
