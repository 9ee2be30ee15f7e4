package fm.seda.vectors.inprocess;

import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.internal.VectorRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's Lucene HNSW index, kept on disk under the data directory, with how it got there.
 *
 * <p>Opening: an index whose last commit names this database and a watermark is opened as it is and
 * catches up on the rows changed since the watermark (re-indexing live ones, dropping tombstoned
 * ones); then its live-document count must equal the database's live rows. An index that is
 * missing, unreadable, from another database, or off count is discarded and built again, in the
 * background: until the graph is ready, {@link FlatVectors} (a flat copy of the live vectors,
 * loaded at open) answers searches exactly, and every write goes to both. When more than {@link
 * #INLINE_CATCH_UP} rows changed since the watermark, the catch-up too runs in the background
 * behind the flat copy, so a restart after a large import does not wait for it.
 *
 * <p>Design note. The watermark is the database's {@code now()} read before the catch-up (or before
 * the flat copy was loaded), or read at a clean close, when every write since went to the database
 * and then to the index ({@link #closingWatermark}); a later catch-up starts {@link
 * #CATCH_UP_MARGIN} before it: {@code updated_at} is a transaction's start time, so a write that
 * committed after the watermark was read may carry an earlier time; re-applying a few minutes of
 * rows is cheap and idempotent. A write transaction open longer than the margin could be missed;
 * the count check catches a missed insert or delete, not a missed update of an existing row.
 *
 * <p>Building: several threads add the flat copy's vectors, each into its own in-memory segment
 * (Lucene builds a segment's graph as documents arrive, one thread per segment), then {@code
 * forceMerge(1)} joins them into one graph with the HNSW format's parallel merge workers; one
 * segment matters because every segment's graph is searched per query (measured: P50 8.5 ms with
 * many small segments, 0.64 ms with one, docs/BENCHMARKS.md). A write and the builder's copy of the
 * same vector are ordered by a lock striped on the vector's id, so the index ends with the newest
 * value.
 */
final class RegionIndex implements RegionVectors {

  private static final Logger log = LoggerFactory.getLogger(RegionIndex.class);

  static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(5);

  /**
   * Up to this many changed rows are re-indexed before the index opens (about 1-2 ms each on one
   * thread); more, and they are re-indexed in the background while the flat copy answers.
   */
  static final long INLINE_CATCH_UP = 2_000;

  /** Bumped when documents change shape; an index of another format is rebuilt. */
  static final String FORMAT = "seda-vectors-lucene-3";

  static final String KEY_FORMAT = "seda.format";
  static final String KEY_DATABASE = "seda.database";
  static final String KEY_WATERMARK = "seda.watermark";

  /** Doc values fields holding a document's id, its two halves. */
  private static final String ID_HIGH = "id_high";

  private static final String ID_LOW = "id_low";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final int STRIPES = 64;

  private final RegionalDatabase db;
  private final VectorRows rows;
  private final String region;
  private final Directory directory;
  private final IndexWriter writer;

  /** Up to this many exclusions are dropped from the hits; more go into a filter. */
  static final int MAX_EXCLUSIONS_DROPPED = 500;

  /**
   * Deleted documents the index may hold, as a share of all its documents, before the segments
   * holding them are rewritten without them ({@link #expungeDeletesIfMany}).
   */
  static final double MAX_DELETED_SHARE = 0.10;

  /** Whether a segment rewrite (dropping deleted documents, or merging into one) is running. */
  private final AtomicBoolean rewriting = new AtomicBoolean();

  private final SearcherManager searchers;
  private final String identity;
  private final Instant watermark;
  private final Origin origin;
  private final boolean persistent;
  private final Object[] stripes = new Object[STRIPES];
  private final CountDownLatch built = new CountDownLatch(1);
  private volatile @Nullable FlatVectors warming;
  private volatile boolean closing;
  private volatile @Nullable Throwable buildFailure;

  /** Set when a write reached the database but not this index: the index may miss a change. */
  private final AtomicBoolean indexWriteFailed = new AtomicBoolean();

  /**
   * How often the database's time is noted while this runs ({@link #noteDatabaseTime}): a server
   * shutting down may have closed its connections before the index closes, and the close then
   * commits the last time noted.
   */
  static final Duration NOTE_TIME_EVERY = Duration.ofMinutes(1);

  private static final ScheduledExecutorService CLOCK =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("vector-index-clock").unstarted(r));

  /** The database's time last noted while no index write had failed. */
  private volatile Instant cleanThrough;

  /** Null for an index that commits nothing (in memory only). */
  private final @Nullable ScheduledFuture<?> noting;

  private RegionIndex(
      RegionalDatabase db,
      VectorRows rows,
      Directory directory,
      IndexWriter writer,
      String identity,
      Instant watermark,
      Origin origin,
      boolean persistent,
      @Nullable FlatVectors warming)
      throws IOException {
    this.db = db;
    this.rows = rows;
    this.region = db.region().code();
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.identity = identity;
    this.watermark = watermark;
    this.origin = origin;
    this.persistent = persistent;
    this.warming = warming;
    this.cleanThrough = watermark;
    this.noting =
        persistent
            ? CLOCK.scheduleWithFixedDelay(
                this::noteDatabaseTime,
                NOTE_TIME_EVERY.toSeconds(),
                NOTE_TIME_EVERY.toSeconds(),
                TimeUnit.SECONDS)
            : null;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    if (warming == null) {
      built.countDown();
    }
  }

  /**
   * Opens the region's index under {@code dir} (or in memory when {@code dir} is null), catching up
   * or scheduling a rebuild on {@code builds}.
   */
  static RegionVectors open(
      RegionalDatabase db,
      VectorRows rows,
      @Nullable Path dir,
      int buildThreads,
      ExecutorService mergeWorkers,
      Executor builds,
      long inlineCatchUp) {
    String region = db.region().code();
    String identity = rows.databaseIdentity(db);
    Instant startedAt = rows.databaseNow(db);
    try {
      if (dir != null) {
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        // another process (seda seed beside the server) may hold it: then nothing here is touched
        directory.obtainLock(IndexWriter.WRITE_LOCK_NAME).close();
        String why;
        try {
          why = unusableBecause(directory, identity);
        } catch (IOException | RuntimeException e) {
          why = "it cannot be read (" + e + ")";
        }
        if (why == null) {
          try {
            Instant since = watermarkOf(directory).minus(CATCH_UP_MARGIN);
            long backlog = rows.countChangedSince(db, since);
            if (backlog > inlineCatchUp) {
              var writer =
                  new IndexWriter(
                      directory,
                      config(IndexWriterConfig.OpenMode.APPEND, buildThreads, mergeWorkers));
              try {
                List<VectorRows.Key> keys = rows.changedSince(db, since);
                log.info(
                    "In-process vector index of region {} opened from disk with {} rows changed"
                        + " since {}: it catches up in the background",
                    region,
                    keys.size(),
                    since);
                return cold(
                        db, rows, directory, writer, identity, startedAt, Origin.CATCHING_UP, true)
                    .startBuild(builds, buildThreads, keys);
              } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
              }
            }
            RegionIndex index =
                catchUp(
                    db, rows, directory, identity, startedAt, since, buildThreads, mergeWorkers);
            if (index != null) {
              return index;
            }
            why = "its document count differs from the database's live rows after catching up";
          } catch (LockObtainFailedException e) {
            throw e;
          } catch (IOException | RuntimeException e) {
            why = "it failed while catching up (" + e + ")";
          }
        }
        if (why.startsWith("none")) {
          log.info("In-process vector index of region {}: none on disk at {}", region, dir);
        } else {
          log.warn(
              "In-process vector index of region {} at {} is discarded and rebuilt: {}",
              region,
              dir,
              why);
        }
        clear(directory, dir);
        var writer =
            new IndexWriter(
                directory, config(IndexWriterConfig.OpenMode.CREATE, buildThreads, mergeWorkers));
        return cold(db, rows, directory, writer, identity, startedAt, Origin.REBUILT, true)
            .startBuild(builds, buildThreads, null);
      }
    } catch (LockObtainFailedException e) {
      log.warn(
          "In-process vector index of region {}: {} is in use by another seda process (a server"
              + " beside this one?); this process searches exactly and builds no graph",
          region,
          dir);
      return new ExactOnlyRegion(db, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the in-process vector index of " + region, e);
    }
    try {
      var directory = new ByteBuffersDirectory();
      var writer =
          new IndexWriter(
              directory, config(IndexWriterConfig.OpenMode.CREATE, buildThreads, mergeWorkers));
      return cold(db, rows, directory, writer, identity, startedAt, Origin.IN_MEMORY, false)
          .startBuild(builds, buildThreads, null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the in-process vector index", e);
    }
  }

  /** The watermark of the directory's last commit. */
  static Instant watermarkOf(Directory directory) throws IOException {
    return Instant.parse(SegmentInfos.readLatestCommit(directory).getUserData().get(KEY_WATERMARK));
  }

  /** Null when the directory's last commit is a usable index of this database, else why not. */
  private static @Nullable String unusableBecause(Directory directory, String identity)
      throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return "none on disk";
    }
    Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
    if (!FORMAT.equals(data.get(KEY_FORMAT)) || data.get(KEY_WATERMARK) == null) {
      return "it was not completed by this version (format " + data.get(KEY_FORMAT) + ")";
    }
    if (!identity.equals(data.get(KEY_DATABASE))) {
      return "it was built from another database ("
          + data.get(KEY_DATABASE)
          + ", not "
          + identity
          + ")";
    }
    Instant.parse(data.get(KEY_WATERMARK));
    return null;
  }

  private static @Nullable RegionIndex catchUp(
      RegionalDatabase db,
      VectorRows rows,
      Directory directory,
      String identity,
      Instant startedAt,
      Instant since,
      int mergeThreads,
      ExecutorService mergeExec)
      throws IOException {
    var writer =
        new IndexWriter(
            directory, config(IndexWriterConfig.OpenMode.APPEND, mergeThreads, mergeExec));
    try {
      long t0 = System.nanoTime();
      long[] applied = {0, 0};
      rows.forEachChangedSince(
          db,
          since,
          change -> {
            try {
              if (change.live() != null) {
                var row = change.live();
                writer.updateDocument(
                    key(row.entityType(), row.entityId()),
                    document(row.entityType(), row.entityId(), row.vector(), row.tags()));
                applied[0]++;
              } else {
                writer.deleteDocuments(key(change.entityType(), change.entityId()));
                applied[1]++;
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      long indexed;
      try (var reader = DirectoryReader.open(writer)) {
        indexed = reader.numDocs();
      }
      long live = rows.countLive(db);
      if (indexed != live) {
        log.warn(
            "In-process vector index of region {}: {} documents after catching up, the database has"
                + " {} live vectors",
            db.region().code(),
            indexed,
            live);
        writer.rollback();
        return null;
      }
      writer.setLiveCommitData(commitData(identity, startedAt).entrySet());
      writer.commit();
      log.info(
          "In-process vector index of region {} opened from disk: {} vectors; caught up from {} with"
              + " {} re-indexed and {} deleted in {} ms",
          db.region().code(),
          indexed,
          since,
          applied[0],
          applied[1],
          (System.nanoTime() - t0) / 1_000_000);
      var index =
          new RegionIndex(
              db, rows, directory, writer, identity, startedAt, Origin.CAUGHT_UP, true, null);
      index.mergeIntoOneIfSplit();
      return index;
    } catch (IOException | RuntimeException e) {
      if (writer.isOpen()) {
        writer.rollback();
      }
      throw e;
    }
  }

  private static RegionIndex cold(
      RegionalDatabase db,
      VectorRows rows,
      Directory directory,
      IndexWriter writer,
      String identity,
      Instant startedAt,
      Origin origin,
      boolean persistent)
      throws IOException {
    long t0 = System.nanoTime();
    var flat = new FlatVectors();
    rows.forEachLive(
        db, row -> flat.put(row.entityType(), row.entityId(), row.vector(), row.tags()));
    log.info(
        "In-process vector index of region {}: {} live vectors loaded for exact search in {} ms",
        db.region().code(),
        flat.liveCount(),
        (System.nanoTime() - t0) / 1_000_000);
    return new RegionIndex(
        db, rows, directory, writer, identity, startedAt, origin, persistent, flat);
  }

  /**
   * Starts the background work: copying every vector of the flat copy into an empty index ({@code
   * changed} null), or only the changed ones into the persisted index.
   */
  private RegionIndex startBuild(
      Executor builds, int threads, @Nullable List<VectorRows.Key> changed) {
    FlatVectors flat = warming;
    if (flat == null) {
      return this;
    }
    log.info(
        "In-process vector index of region {} is warming up: {} in the background (build threads: {});"
            + " searches are answered exactly until it is ready",
        region,
        changed == null
            ? "building the HNSW graph of " + flat.liveCount() + " vectors"
            : "re-indexing " + changed.size() + " changed vectors",
        threads);
    builds.execute(() -> build(flat, threads, changed));
    return this;
  }

  private void build(FlatVectors flat, int threads, @Nullable List<VectorRows.Key> changed) {
    long t0 = System.nanoTime();
    var done = new AtomicLong();
    var total = new AtomicLong();
    var progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vector-index-progress-" + region).unstarted(r));
    progress.scheduleAtFixedRate(
        () -> logProgress(done.get(), total.get(), t0),
        PROGRESS_EVERY.toMillis(),
        PROGRESS_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    ExecutorService workers =
        Executors.newFixedThreadPool(
            threads,
            r -> Thread.ofPlatform().daemon().name("vector-index-build-" + region).unstarted(r));
    try {
      boolean full = changed == null;
      if (changed != null) {
        total.set(changed.size());
        parallel(
            workers,
            threads,
            changed.size(),
            i -> {
              copy(flat, changed.get(i));
              done.incrementAndGet();
            });
        long indexed;
        try (var reader = DirectoryReader.open(writer)) {
          indexed = reader.numDocs();
        }
        if (indexed != flat.liveCount() && !closing) {
          log.warn(
              "In-process vector index of region {}: {} documents after catching up, the database"
                  + " has {} live vectors; rebuilding it",
              region,
              indexed,
              flat.liveCount());
          writer.deleteAll();
          full = true;
        }
      }
      if (full) {
        Map<String, Integer> spaces = flat.slotCounts();
        done.set(0);
        total.set(spaces.values().stream().mapToLong(Integer::longValue).sum());
        for (var space : spaces.entrySet()) {
          parallel(
              workers,
              threads,
              space.getValue(),
              slot -> {
                copy(flat, space.getKey(), slot);
                done.incrementAndGet();
              });
        }
      }
      if (closing) {
        return;
      }
      if (full) {
        log.info(
            "In-process vector index of region {}: {} vectors added in {} s; merging into one graph",
            region,
            total.get(),
            (System.nanoTime() - t0) / 1_000_000_000);
        writer.forceMerge(1);
      }
      if (persistent) {
        writer.setLiveCommitData(commitData(identity, watermark).entrySet());
        writer.commit();
      }
      warming = null;
      searchers.maybeRefreshBlocking();
      log.info(
          "In-process vector index of region {} is ready: {} {} vectors in {} s",
          region,
          full ? "HNSW graph built of" : "caught up on",
          total.get(),
          (System.nanoTime() - t0) / 1_000_000_000);
      mergeIntoOneIfSplit();
    } catch (Exception e) {
      if (!closing) {
        buildFailure = e;
        log.error(
            "Building the in-process vector index of region {} failed; searches stay exact: {}",
            region,
            e.toString(),
            e);
      }
    } finally {
      workers.shutdownNow();
      progress.shutdownNow();
      built.countDown();
    }
  }

  /** Runs {@code task} for 0..n-1 on {@code threads} workers, stopping early when closing. */
  private void parallel(ExecutorService workers, int threads, int n, IntConsumer task)
      throws Exception {
    var next = new AtomicInteger();
    var futures = new ArrayList<Future<?>>();
    for (int w = 0; w < threads; w++) {
      futures.add(
          workers.submit(
              () -> {
                int i;
                while (!closing && (i = next.getAndIncrement()) < n) {
                  task.accept(i);
                }
                return null;
              }));
    }
    for (var f : futures) {
      f.get();
    }
  }

  private void logProgress(long done, long total, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    long left = done == 0 ? -1 : (long) (seconds * (total - done) / done);
    log.info(
        "In-process vector index of region {} warming up: {} / {} vectors indexed ({} %), ETA {}",
        region,
        done,
        total,
        total == 0 ? 100 : done * 100 / total,
        left < 0 ? "unknown" : Duration.ofSeconds(left).toString().substring(2).toLowerCase());
  }

  /** Adds the slot's current vector, ordered against writes of the same id by its stripe. */
  private void copy(FlatVectors flat, String space, int slot) {
    FlatVectors.Entry seen = flat.entry(space, slot);
    if (seen == null) {
      return;
    }
    synchronized (stripe(seen.id())) {
      FlatVectors.Entry now = flat.entry(space, slot);
      if (now == null) {
        return;
      }
      try {
        writer.updateDocument(
            key(now.entityType(), now.id()),
            document(now.entityType(), now.id(), now.vector(), now.tags()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Makes the index hold the flat copy's current value of {@code key}: its vector, or nothing. */
  private void copy(FlatVectors flat, VectorRows.Key key) {
    synchronized (stripe(key.entityId())) {
      FlatVectors.Entry now = flat.entry(key.entityType(), key.entityId());
      try {
        if (now == null) {
          writer.deleteDocuments(key(key.entityType(), key.entityId()));
        } else {
          writer.updateDocument(
              key(now.entityType(), now.id()),
              document(now.entityType(), now.id(), now.vector(), now.tags()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Object stripe(UUID id) {
    return stripes[Math.floorMod(id.hashCode(), STRIPES)];
  }

  @Override
  public Origin origin() {
    return origin;
  }

  @Override
  public boolean warmingUp() {
    return warming != null;
  }

  /** Waits for a background build to end (tests, benchmarks); true when the graph is ready. */
  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return built.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && warming == null;
  }

  @Nullable Throwable buildFailure() {
    return buildFailure;
  }

  @Override
  public void upsert(List<StoredVector> vectors, Runnable persist) {
    persist.run();
    afterTheDatabase(
        () -> {
          for (StoredVector v : vectors) {
            synchronized (stripe(v.entityId())) {
              FlatVectors flat = warming;
              if (flat != null) {
                flat.put(v.entityType(), v.entityId(), v.vector(), v.tags());
              }
              writer.updateDocument(
                  key(v.entityType(), v.entityId()),
                  document(v.entityType(), v.entityId(), v.vector(), v.tags()));
            }
          }
        });
  }

  @Override
  public void delete(String entityType, Collection<UUID> ids, Runnable tombstone) {
    tombstone.run();
    afterTheDatabase(
        () -> {
          for (UUID id : ids) {
            synchronized (stripe(id)) {
              FlatVectors flat = warming;
              if (flat != null) {
                flat.remove(entityType, id);
              }
              writer.deleteDocuments(key(entityType, id));
            }
          }
        });
  }

  private interface IndexWrite {
    void run() throws IOException;
  }

  /**
   * Applies to the index a change the database already holds; if that fails, the index is marked as
   * possibly missing it, so that closing keeps the watermark it opened with ({@link
   * #closingWatermark}) and the next start re-applies what this process wrote.
   */
  private void afterTheDatabase(IndexWrite write) {
    try {
      write.run();
      refreshUnlessWarming();
    } catch (IOException e) {
      indexWriteFailed.set(true);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      indexWriteFailed.set(true);
      throw e;
    }
  }

  /**
   * While warming, searches read the flat copy; refreshing the Lucene reader then would only flush
   * half-built segments, each a graph the final merge has to join.
   */
  private void refreshUnlessWarming() throws IOException {
    if (warming == null) {
      searchers.maybeRefreshBlocking();
      expungeDeletesIfMany();
    }
  }

  /** Documents replaced or deleted but still in their segments (and graphs). */
  int deletedDocuments() {
    IndexWriter.DocStats stats = writer.getDocStats();
    return stats.maxDoc - stats.numDocs;
  }

  /**
   * Rewrites the segments that hold deleted documents, in the background, once these are more than
   * {@value #MAX_DELETED_SHARE} of the index. Why: a replaced or deleted vector stays in its
   * segment's HNSW graph, where a search walks it without being able to return it. When a field's
   * vectors are all replaced (a re-embedding, the nightly taste recompute), the old segment's graph
   * of that field is all deleted and a search visits every node of it: on {@code large}, 6 ms per
   * room search instead of 0.3 ms, and 42 ms per people search (docs/BENCHMARKS.md). A rewrite
   * merges the graphs again (12 s per region on large), while searches go on over the old segments.
   */
  void expungeDeletesIfMany() {
    if (warming != null || closing) {
      return;
    }
    IndexWriter.DocStats stats = writer.getDocStats();
    int deleted = stats.maxDoc - stats.numDocs;
    if (deleted == 0 || deleted < MAX_DELETED_SHARE * stats.maxDoc) {
      return;
    }
    rewriteInBackground(
        "rewriting segments without their "
            + deleted
            + " deleted documents (of "
            + stats.maxDoc
            + ")",
        "deleted documents dropped",
        () -> writer.forceMergeDeletes(true));
  }

  /**
   * Merges the index into one segment, in the background, when it opened or finished catching up in
   * several (searches go on over the old segments meanwhile). Why: every segment's graph is
   * searched per query, and a catch-up after a large import leaves its re-indexed vectors in
   * segments of their own; on {@code large}, a restart after the catalog's first embedding left two
   * graphs per region, and content search took 23.5 % of a nightly-batch feed's JVM time against
   * 16.7 % with one (docs/BENCHMARKS.md). Writes while running add small segments that Lucene's
   * merge policy folds in by itself; this is for the large ones a start leaves.
   */
  void mergeIntoOneIfSplit() {
    if (warming != null || closing) {
      return;
    }
    int segments = segments();
    if (segments <= 1) {
      expungeDeletesIfMany();
      return;
    }
    rewriteInBackground(
        "merging " + segments + " segments into one",
        "merged into one segment",
        () -> writer.forceMerge(1));
  }

  /** The index's segments as last committed or refreshed for search. */
  int segments() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().leaves().size();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IndexWork {
    void run() throws IOException;
  }

  /** Runs one segment rewrite at a time on its own thread, then commits and refreshes searches. */
  private void rewriteInBackground(String starting, String done, IndexWork work) {
    if (!rewriting.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("vector-index-rewrite-" + region)
        .start(
            () -> {
              long t0 = System.nanoTime();
              try {
                log.info(
                    "In-process vector index of region {}: {} in the background", region, starting);
                work.run();
                if (persistent) {
                  writer.setLiveCommitData(commitData(identity, watermark).entrySet());
                  writer.commit();
                }
                searchers.maybeRefreshBlocking();
                log.info(
                    "In-process vector index of region {}: {} in {} s",
                    region,
                    done,
                    (System.nanoTime() - t0) / 1_000_000_000);
              } catch (IOException | RuntimeException e) {
                if (!closing) {
                  log.warn(
                      "In-process vector index of region {}: {} failed (searches go on over the"
                          + " old segments): {}",
                      region,
                      starting,
                      e.toString());
                }
              } finally {
                rewriting.set(false);
              }
            });
  }

  /** Exact while warming up; else HNSW with beam {@code max(k, efSearch)}. */
  @Override
  public List<Neighbour> search(VectorQuery query, int efSearch) {
    FlatVectors flat = warming;
    if (flat != null) {
      return flat.search(query);
    }
    // The entity type is the field, so a query without tags carries no filter at all: a filter
    // costs a bitset over the index's documents per query (P50 3.5 ms against 1.05 ms at 100k,
    // and most of a feed's content search on large). Exclusions (a user's followed artists, saved
    // playlists, dismissals: tens) are dropped from the hits instead, asking for that many more.
    boolean dropExcluded =
        query.anyTags().isEmpty() && query.exclude().size() <= MAX_EXCLUSIONS_DROPPED;
    int ask = dropExcluded ? query.k() + query.exclude().size() : query.k();
    Query filter = null;
    if (!dropExcluded) {
      var builder = new BooleanQuery.Builder();
      builder.add(
          query.anyTags().isEmpty()
              ? new MatchAllDocsQuery()
              : new TermInSetQuery("tag", query.anyTags().stream().map(BytesRef::new).toList()),
          BooleanClause.Occur.FILTER);
      for (UUID excluded : query.exclude()) {
        builder.add(
            new TermQuery(new Term("id", excluded.toString())), BooleanClause.Occur.MUST_NOT);
      }
      filter = builder.build();
    }
    var knn =
        new KnnFloatVectorQuery(
            field(query.entityType(), query.vector().length),
            query.vector(),
            Math.max(ask, efSearch),
            filter);
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        ScoreDoc[] hits = searcher.search(knn, ask).scoreDocs;
        UUID[] ids = ids(searcher, hits);
        var found = new ArrayList<Neighbour>(query.k());
        for (int i = 0; i < hits.length; i++) {
          ScoreDoc hit = hits[i];
          UUID id = ids[i];
          if (dropExcluded && query.exclude().contains(id)) {
            continue;
          }
          found.add(new Neighbour(id, 2.0 * hit.score - 1.0));
          if (found.size() == query.k()) {
            break;
          }
        }
        return found;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ids of {@code hits}, in their order, from the id doc values; those are read segment by
   * segment in document order, as doc values iterators require.
   */
  private static UUID[] ids(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
    Integer[] byDoc = new Integer[hits.length];
    for (int i = 0; i < hits.length; i++) {
      byDoc[i] = i;
    }
    Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    var ids = new UUID[hits.length];
    LeafReaderContext leaf = null;
    NumericDocValues high = null;
    NumericDocValues low = null;
    for (int i : byDoc) {
      int doc = hits[i].doc;
      if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        high = DocValues.getNumeric(leaf.reader(), ID_HIGH);
        low = DocValues.getNumeric(leaf.reader(), ID_LOW);
      }
      int local = doc - leaf.docBase;
      if (!high.advanceExact(local) || !low.advanceExact(local)) {
        throw new IllegalStateException("vector document " + doc + " has no id");
      }
      ids[i] = new UUID(high.longValue(), low.longValue());
    }
    return ids;
  }

  /**
   * Commits what is indexed with {@link #closingWatermark}, and closes. A build that has not
   * finished is dropped instead: the next start builds again.
   */
  @Override
  public void close() {
    closing = true;
    if (noting != null) {
      noting.cancel(false);
    }
    try {
      built.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      searchers.close();
      if (persistent && warming == null) {
        writer.setLiveCommitData(commitData(identity, closingWatermark()).entrySet());
        writer.commit();
        writer.close();
      } else {
        writer.rollback();
      }
      directory.close();
    } catch (IOException | RuntimeException e) {
      log.warn("Closing the in-process vector index of region {} failed: {}", region, e.toString());
    }
  }

  /**
   * The watermark a close commits: the database's time now (or, when the database is already
   * closed, the time last noted, at most {@link #NOTE_TIME_EVERY} old), when every write since this
   * index opened went to the database and then here, so that the next start catches up from it
   * (less the margin) instead of re-indexing everything written while this one ran (after the first
   * embedding of {@code large}: every vector, 957 and 1,084 s per region, searching exactly
   * meanwhile; docs/BENCHMARKS.md). The watermark it opened with when an index write failed (or
   * when no time was noted since): the next start then re-applies what this process wrote. Commits
   * while running (a build, a segment rewrite) keep the opening watermark: writes may be in flight
   * between the database and here.
   */
  private Instant closingWatermark() {
    if (indexWriteFailed.get()) {
      log.warn(
          "In-process vector index of region {}: an index write failed while running; the next"
              + " start re-applies everything written since {}",
          region,
          watermark);
      return watermark;
    }
    try {
      return rows.databaseNow(db);
    } catch (RuntimeException e) {
      log.info(
          "In-process vector index of region {}: the database's time could not be read at close"
              + " ({}); the next start re-applies everything written since {}, the time last noted",
          region,
          e.toString(),
          cleanThrough);
      return cleanThrough;
    }
  }

  /**
   * Notes the database's time while no index write has failed (every {@link #NOTE_TIME_EVERY}):
   * every write that started before it has by then reached the index or failed, and a failure makes
   * the close fall back to the opening watermark.
   */
  private void noteDatabaseTime() {
    if (closing || indexWriteFailed.get()) {
      return;
    }
    try {
      Instant now = rows.databaseNow(db);
      if (!indexWriteFailed.get()) {
        cleanThrough = now;
      }
    } catch (RuntimeException e) {
      // the database is away for now: the time noted before stays
    }
  }

  static Map<String, String> commitData(String identity, Instant watermark) {
    return Map.of(KEY_FORMAT, FORMAT, KEY_DATABASE, identity, KEY_WATERMARK, watermark.toString());
  }

  static IndexWriterConfig config(
      IndexWriterConfig.OpenMode mode, int mergeThreads, @Nullable ExecutorService mergeExec) {
    var config = new IndexWriterConfig();
    config.setOpenMode(mode);
    config.setCodec(
        new Lucene104Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return new WideVectorsFormat(
                mergeExec == null || mergeThreads < 2
                    ? new Lucene99HnswVectorsFormat(16, 200)
                    : new Lucene99HnswVectorsFormat(16, 200, mergeThreads, mergeExec));
          }
        });
    // A large buffer keeps a build's segments few (one per building thread): each segment has its
    // own graph and a query searches every one of them.
    config.setRAMBufferSizeMB(1024);
    config.setCommitOnClose(false);
    return config;
  }

  private static void clear(Directory directory, Path dir) throws IOException {
    for (String file : directory.listAll()) {
      directory.deleteFile(file);
    }
    try (Stream<Path> rest = Files.list(dir)) {
      if (rest.findAny().isPresent()) {
        log.warn("In-process vector index directory {} still holds files after clearing it", dir);
      }
    }
  }

  /** One vector field per entity type and dimension: {@code v384:artist}. */
  static String field(String entityType, int dim) {
    return "v" + dim + ":" + entityType;
  }

  static Term key(String entityType, UUID id) {
    return new Term("key", entityType + ":" + id);
  }

  static Document document(String entityType, UUID id, float[] vector, Set<String> tags) {
    var doc = new Document();
    doc.add(new StringField("key", entityType + ":" + id, Field.Store.NO));
    doc.add(new StringField("id", id.toString(), Field.Store.NO));
    // a hit's id is read from doc values: reading a stored field decompresses a block per hit
    // (LZ4 and its bookkeeping were ~6 % of a batch feed's time, docs/BENCHMARKS.md)
    doc.add(new NumericDocValuesField(ID_HIGH, id.getMostSignificantBits()));
    doc.add(new NumericDocValuesField(ID_LOW, id.getLeastSignificantBits()));
    doc.add(new StringField("type", entityType, Field.Store.NO));
    for (String tag : tags) {
      doc.add(new StringField("tag", tag, Field.Store.NO));
    }
    doc.add(
        new KnnFloatVectorField(
            field(entityType, vector.length), vector, VectorSimilarityFunction.COSINE));
    return doc;
  }
}
