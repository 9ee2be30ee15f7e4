package fm.seda.vectors.inprocess;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import fm.seda.vectors.internal.VectorRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The in-process adapter: a Lucene HNSW index per region (M = 16, beam width 200 at build time),
 * kept on disk under {@code <data-dir>/vectors/<region>} and caught up from {@code entity_vectors}
 * at start-up, so a restart neither waits for nor rebuilds the graph (see {@link RegionIndex}).
 * Every write goes to the database first and then to the index, so the database stays the truth.
 *
 * <p>Design note. Lucene's {@link org.apache.lucene.search.KnnFloatVectorQuery} applies the filter
 * (tags, exclusions) during the graph search and switches to exact search by itself when the filter
 * leaves fewer documents than the graph search would visit, which is the contract's "too selective"
 * rule. HNSW's {@code ef_search} is emulated the way Lucene users do: ask for {@code max(k, ef)}
 * neighbours and keep the best {@code k}. A vector field per entity type and dimension ({@code
 * v384:artist}) keeps spaces apart, since Lucene fixes a field's dimension, and spares a query
 * without tags or exclusions any filter. Cosine scores come back as {@code (1 + cos) / 2} and are
 * turned back into cosine. Lucene rather than JVector: ADR 0006.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {

  private final RegionRouter regions;
  private final VectorRows rows;
  private final Map<Region, RegionVectors> indexes = new EnumMap<>(Region.class);
  private final ExecutorService mergeWorkers;
  private final @Nullable ExecutorService builds;
  private final int defaultEfSearch;

  /** How each region's database stores vectors; read once, it does not change while running. */
  private final Map<Region, Boolean> pgvectorColumns = new EnumMap<>(Region.class);

  /**
   * Indexes kept under {@code indexRoot/<region>} (in memory only when null), built on one thread,
   * with the seed's ef_search of 64.
   */
  public LuceneVectorStore(RegionRouter regions, VectorRows rows, @Nullable Path indexRoot) {
    this(regions, rows, indexRoot, VectorQuery.SEED_EF_SEARCH, 1);
  }

  /**
   * As above, with {@code defaultEfSearch} for queries that ask for the default ({@link
   * VectorQuery#nearest}, or {@code efSearch} = {@link VectorQuery#DEFAULT_EF_SEARCH}), and a
   * background build on {@code buildThreads} threads (more than one: one segment per thread, then a
   * merge with as many HNSW merge workers; on 2 shared cores that was slower than one thread, ADR
   * 0006).
   */
  public LuceneVectorStore(
      RegionRouter regions,
      VectorRows rows,
      @Nullable Path indexRoot,
      int defaultEfSearch,
      int buildThreads) {
    this(
        regions, rows, indexRoot, buildThreads, null, RegionIndex.INLINE_CATCH_UP, defaultEfSearch);
  }

  /**
   * {@code builds} runs the background builds (null: a thread per build); a catch-up of more than
   * {@code inlineCatchUp} rows runs in the background.
   */
  LuceneVectorStore(
      RegionRouter regions,
      VectorRows rows,
      @Nullable Path indexRoot,
      int buildThreads,
      @Nullable Executor builds,
      long inlineCatchUp,
      int defaultEfSearch) {
    if (defaultEfSearch < 1) {
      throw new IllegalArgumentException(
          "seda.vectors.ef-search must be positive, got " + defaultEfSearch);
    }
    this.defaultEfSearch = defaultEfSearch;
    this.regions = regions;
    this.rows = rows;
    int threads = Math.max(1, buildThreads);
    this.mergeWorkers =
        Executors.newFixedThreadPool(
            threads, r -> Thread.ofPlatform().daemon().name("vector-index-merge").unstarted(r));
    this.builds =
        builds == null
            ? Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().daemon().name("vector-index-builder").unstarted(r))
            : null;
    Executor runBuilds = builds == null ? this.builds : builds;
    for (Region region : Region.values()) {
      RegionalDatabase db = regions.database(region);
      pgvectorColumns.put(region, rows.isPgvector(db));
      indexes.put(
          region,
          RegionIndex.open(
              db,
              rows,
              indexRoot == null ? null : indexRoot.resolve(region.code()),
              threads,
              mergeWorkers,
              runBuilds,
              inlineCatchUp));
    }
  }

  @Override
  public String adapter() {
    return "inprocess";
  }

  /** False while the region's graph is being built and searches are answered exactly. */
  public boolean ready(Region region) {
    return !indexes.get(region).warmingUp();
  }

  /** Waits until every region's graph is ready (benchmarks, tests); false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (RegionVectors index : indexes.values()) {
      if (!index.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  RegionVectors index(Region region) {
    return indexes.get(region);
  }

  @Override
  public void upsert(Region region, List<StoredVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    indexes
        .get(region)
        .upsert(
            vectors,
            () -> rows.persist(regions.database(region), vectors, pgvectorColumns.get(region)));
  }

  @Override
  public void delete(Region region, String entityType, Collection<UUID> ids) {
    indexes
        .get(region)
        .delete(entityType, ids, () -> rows.tombstone(regions.database(region), entityType, ids));
  }

  @Override
  public List<Neighbour> search(Region region, VectorQuery query) {
    int ef = query.efSearch() == VectorQuery.DEFAULT_EF_SEARCH ? defaultEfSearch : query.efSearch();
    return indexes.get(region).search(query, ef);
  }

  @Override
  public void close() {
    indexes.values().forEach(RegionVectors::close);
    mergeWorkers.shutdownNow();
    if (builds != null) {
      builds.shutdownNow();
    }
  }
}
