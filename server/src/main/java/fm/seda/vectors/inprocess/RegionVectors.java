package fm.seda.vectors.inprocess;

import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * One region's searchable vectors inside {@link LuceneVectorStore}: the HNSW index ({@link
 * RegionIndex}) or, when another process holds the index directory, exact search only ({@link
 * ExactOnlyRegion}). Writes take the database write as a callback, so an implementation can order
 * it against its own loading.
 */
sealed interface RegionVectors extends AutoCloseable permits RegionIndex, ExactOnlyRegion {

  /** How a region's vectors came to be searchable, for logs and tests. */
  enum Origin {
    /** The persisted index, caught up from its watermark before opening. */
    CAUGHT_UP,
    /** The persisted index, catching up in the background (many rows changed since). */
    CATCHING_UP,
    /** Built again from the database (missing, unreadable, foreign or inconsistent index). */
    REBUILT,
    /** No directory configured: an index in memory, built from the database in the background. */
    IN_MEMORY,
    /** Another process holds the directory: exact search over a flat copy, no graph. */
    EXACT_ONLY
  }

  Origin origin();

  /** True while searches are answered exactly because the graph is not (yet) there. */
  boolean warmingUp();

  /** Waits for a background build; true when the graph is ready. */
  boolean awaitReady(Duration timeout) throws InterruptedException;

  /** Runs {@code persist} (the database write), then applies the vectors. */
  void upsert(List<StoredVector> vectors, Runnable persist);

  /** Runs {@code tombstone} (the database write), then drops the vectors. */
  void delete(String entityType, Collection<UUID> ids, Runnable tombstone);

  List<Neighbour> search(VectorQuery query, int efSearch);

  @Override
  void close();
}
