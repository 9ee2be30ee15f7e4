package fm.seda.vectors.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.RandomVectors;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.internal.VectorRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The in-process index's life across restarts, on the embedded PostgreSQL: it is kept on disk,
 * catches up on what changed while it was closed, is rebuilt when it cannot be trusted, and answers
 * exactly while it is being built. Each test works in its own entity type and index directory.
 */
@SedaIntegrationTest
class LuceneVectorStoreIntegrationTests {

  /** Printed so a failing run can be replayed. */
  static final long SEED = 20261203L;

  static final int DIM = 24;
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

  @Autowired RegionRouter regions;
  @Autowired VectorRows rows;
  @TempDir Path dir;

  record Item(UUID id, float[] vector, Set<String> tags) {}

  @Test
  void aRestartCatchesUpOnWritesAndDeletesMadeWhileItWasClosed() throws Exception {
    var random = new SplittableRandom(SEED);
    String type = newEntityType();
    List<Item> items = items(300, random);
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      first.upsert(Region.US, stored(type, items));
    }

    // while no store is open: new rows, a moved vector and deletions, straight into the database
    var db = regions.database(Region.US);
    List<Item> added = items(20, random);
    Item moved = new Item(items.get(5).id(), unit(random), Set.of("common"));
    rows.persist(db, stored(type, added), false);
    rows.persist(db, stored(type, List.of(moved)), false);
    List<UUID> deleted = List.of(items.get(0).id(), items.get(1).id(), added.get(0).id());
    rows.tombstone(db, type, deleted);

    try (var restarted = store()) {
      assertThat(restarted.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.CAUGHT_UP);
      assertThat(restarted.ready(Region.US)).as("no rebuild, no warm-up").isTrue();
      for (Item item : added.subList(1, added.size())) {
        assertThat(nearest(restarted, type, item.vector())).isEqualTo(item.id());
      }
      assertThat(nearest(restarted, type, moved.vector())).isEqualTo(moved.id());
      for (UUID gone : deleted) {
        Item item =
            Stream.concat(items.stream(), added.stream())
                .filter(i -> i.id().equals(gone))
                .findFirst()
                .orElseThrow();
        assertThat(restarted.search(Region.US, VectorQuery.nearest(type, item.vector(), 10)))
            .extracting(Neighbour::entityId)
            .doesNotContainAnyElementsOf(deleted);
      }
    }
  }

  @Test
  void aCleanCloseCommitsTheDatabasesTimeSoTheNextStartSkipsWhatThisOneWrote() throws Exception {
    var random = new SplittableRandom(SEED);
    String type = newEntityType();
    var db = regions.database(Region.US);
    Instant opened;
    Instant written;
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      opened = committedWatermark();
      first.upsert(Region.US, stored(type, items(50, random)));
      written = rows.databaseNow(db);
    }
    // without this, a restart re-indexed every vector written while the server ran
    assertThat(committedWatermark()).isAfterOrEqualTo(written).isAfter(opened);
  }

  @Test
  void aCloseAfterAFailedIndexWriteKeepsTheWatermarkItOpenedWith() throws Exception {
    var random = new SplittableRandom(SEED);
    String type = newEntityType();
    Instant opened;
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      opened = committedWatermark();
      first.upsert(Region.US, stored(type, items(5, random)));
      // the database took the write (here: nothing to take), the index refused it: wider than any
      // vector field may be
      var tooWide =
          new StoredVector(
              type,
              UUID.randomUUID(),
              null,
              new float[WideVectorsFormat.MAX_DIMENSIONS + 1],
              meta(),
              Set.of());
      assertThatThrownBy(() -> first.index(Region.US).upsert(List.of(tooWide), () -> {}))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(committedWatermark())
        .as("the next start re-applies this run's writes")
        .isEqualTo(opened);
  }

  /** The watermark of the US index's last commit on disk. */
  private Instant committedWatermark() throws Exception {
    try (var directory = FSDirectory.open(dir.resolve("us"))) {
      return RegionIndex.watermarkOf(directory);
    }
  }

  @Test
  void aLargeCatchUpRunsInTheBackgroundBehindExactSearch() throws Exception {
    var random = new SplittableRandom(SEED + 4);
    String type = newEntityType();
    List<Item> items = items(200, random);
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      first.upsert(Region.US, stored(type, items));
    }
    var db = regions.database(Region.US);
    List<Item> added = items(50, random);
    rows.persist(db, stored(type, added), false);
    rows.tombstone(db, type, List.of(items.get(0).id()));

    // a threshold of 0 rows: any catch-up is "large"
    try (var restarted = store(0)) {
      assertThat(restarted.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.CATCHING_UP);
      float[] query = items.get(0).vector();
      assertThat(ids(restarted.search(Region.US, VectorQuery.nearest(type, query, 10))))
          .doesNotContain(items.get(0).id());
      assertThat(restarted.awaitReady(BUILD_TIMEOUT)).isTrue();
      assertThat(nearest(restarted, type, added.get(4).vector())).isEqualTo(added.get(4).id());
      assertThat(ids(restarted.search(Region.US, VectorQuery.nearest(type, query, 10))))
          .doesNotContain(items.get(0).id());
    }
    try (var again = store()) {
      assertThat(again.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.CAUGHT_UP);
      assertThat(nearest(again, type, added.get(5).vector())).isEqualTo(added.get(5).id());
    }
  }

  @Test
  void replacedVectorsAreDroppedFromTheGraphsOnceTheyAreATenthOfTheIndex() throws Exception {
    var random = new SplittableRandom(SEED + 5);
    var db = regions.database(Region.US);
    // The index is built from every US vector of this shared database, so size the test to it:
    // replacing m of n + m vectors that sit in one merged segment leaves m deleted documents, a
    // share of m / (n + 2m) ≈ 13 %: above the 10 % that starts a rewrite, below the 20 % at which
    // Lucene's merge policy would reclaim them by itself.
    long others = rows.countLive(db);
    if (others < 1_200) {
      rows.persist(db, stored(newEntityType(), items((int) (1_200 - others), random)), false);
      others = 1_200;
    }
    String type = newEntityType();
    List<Item> items = items((int) Math.ceil(0.18 * others), random);
    rows.persist(db, stored(type, items), false);

    try (var store = store()) {
      assertThat(store.awaitReady(BUILD_TIMEOUT)).isTrue();
      var index = (RegionIndex) store.index(Region.US);
      assertThat(index.deletedDocuments()).isZero();
      List<Item> replaced =
          items.stream().map(i -> new Item(i.id(), unit(random), i.tags())).toList();

      store.upsert(Region.US, stored(type, replaced));

      long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
      while (index.deletedDocuments() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(index.deletedDocuments()).isZero();
      for (Item item : replaced.subList(0, 20)) {
        assertThat(nearest(store, type, item.vector())).isEqualTo(item.id());
      }
    }
  }

  @Test
  void anIndexInSeveralSegmentsIsMergedIntoOneWhileItServes() throws Exception {
    var random = new SplittableRandom(SEED + 6);
    String type = newEntityType();
    List<Item> first = items(60, random);
    List<Item> second = items(60, random);
    try (var store = store()) {
      assertThat(store.awaitReady(BUILD_TIMEOUT)).isTrue();
      var index = (RegionIndex) store.index(Region.US);
      // each write is refreshed for search on its own: a segment each, and nothing deleted (so
      // this is not the rewrite that drops deleted documents)
      store.upsert(Region.US, stored(type, first));
      store.upsert(Region.US, stored(type, second));
      assertThat(index.segments()).isGreaterThan(1);
      assertThat(index.deletedDocuments()).isZero();

      index.mergeIntoOneIfSplit(); // what opening or finishing a catch-up does

      long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
      while (index.segments() > 1 && System.nanoTime() < deadline) {
        assertThat(nearest(store, type, first.get(3).vector())).isEqualTo(first.get(3).id());
        Thread.sleep(20);
      }
      assertThat(index.segments()).isEqualTo(1);
      assertThat(nearest(store, type, first.get(3).vector())).isEqualTo(first.get(3).id());
      assertThat(nearest(store, type, second.get(7).vector())).isEqualTo(second.get(7).id());
    }
  }

  @Test
  void anIndexFromAnotherDatabaseIsRebuilt() throws Exception {
    var random = new SplittableRandom(SEED + 1);
    String type = newEntityType();
    List<Item> items = items(100, random);
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      first.upsert(Region.US, stored(type, items));
    }
    // the same files, as if copied from another server's data directory
    try (var directory = FSDirectory.open(dir.resolve("us"));
        var writer =
            new IndexWriter(
                directory,
                new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      writer.setLiveCommitData(
          RegionIndex.commitData("us/" + UUID.randomUUID(), Instant.now()).entrySet(), true);
      writer.commit();
    }

    try (var restarted = store()) {
      assertThat(restarted.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.REBUILT);
      assertThat(restarted.awaitReady(BUILD_TIMEOUT)).isTrue();
      assertThat(nearest(restarted, type, items.get(7).vector())).isEqualTo(items.get(7).id());
    }
  }

  @Test
  void aCorruptIndexIsRebuilt() throws Exception {
    var random = new SplittableRandom(SEED + 2);
    String type = newEntityType();
    List<Item> items = items(100, random);
    try (var first = store()) {
      assertThat(first.awaitReady(BUILD_TIMEOUT)).isTrue();
      first.upsert(Region.US, stored(type, items));
    }
    try (Stream<Path> files = Files.list(dir.resolve("us"))) {
      for (Path file :
          files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }

    try (var restarted = store()) {
      assertThat(restarted.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.REBUILT);
      assertThat(restarted.awaitReady(BUILD_TIMEOUT)).isTrue();
      assertThat(nearest(restarted, type, items.get(9).vector())).isEqualTo(items.get(9).id());
    }
  }

  @Test
  void searchesWhileTheGraphIsBuiltAreExactAndSeeWrites() throws Exception {
    var random = new SplittableRandom(SEED + 3);
    String type = newEntityType();
    List<Item> items = new ArrayList<>(items(400, random));
    var db = regions.database(Region.US);
    rows.persist(db, stored(type, items), false);
    // the build waits in this queue until the test lets it run
    var pendingBuilds = new ConcurrentLinkedQueue<Runnable>();

    try (var store =
        new LuceneVectorStore(regions, rows, dir, 2, pendingBuilds::add, Long.MAX_VALUE, 64)) {
      assertThat(store.ready(Region.US)).isFalse();
      // writes during the warm-up reach both the exact copy and the index being built
      List<Item> added = items(10, random);
      store.upsert(Region.US, stored(type, added));
      items.addAll(added);
      Item gone = items.remove(3);
      store.delete(Region.US, type, List.of(gone.id()));

      for (int q = 0; q < 10; q++) {
        float[] query = unit(random);
        assertThat(ids(store.search(Region.US, VectorQuery.nearest(type, query, 10))))
            .as("exact answer during warm-up, seed " + SEED)
            .isEqualTo(bruteForce(items, query, 10, Set.of()));
        assertThat(
                ids(
                    store.search(
                        Region.US, new VectorQuery(type, query, 5, Set.of("rare"), Set.of(), 64))))
            .isEqualTo(bruteForce(items, query, 5, Set.of("rare")));
      }

      pendingBuilds.forEach(Runnable::run);
      assertThat(store.awaitReady(BUILD_TIMEOUT)).isTrue();
      assertThat(store.ready(Region.US)).isTrue();
      assertThat(nearest(store, type, added.get(2).vector())).isEqualTo(added.get(2).id());
      assertThat(ids(store.search(Region.US, VectorQuery.nearest(type, gone.vector(), 10))))
          .doesNotContain(gone.id());
    }
  }

  @Test
  void aDirectoryInUseByAnotherProcessFallsBackToExactSearch() throws Exception {
    var random = new SplittableRandom(SEED + 5);
    String type = newEntityType();
    List<Item> items = new ArrayList<>(items(100, random));
    try (var first = store();
        var second = store()) {
      assertThat(first.index(Region.US).origin()).isNotEqualTo(RegionVectors.Origin.EXACT_ONLY);
      assertThat(second.index(Region.US).origin()).isEqualTo(RegionVectors.Origin.EXACT_ONLY);
      second.upsert(Region.US, stored(type, items.subList(0, 50)));
      float[] query = unit(random);
      assertThat(ids(second.search(Region.US, VectorQuery.nearest(type, query, 10))))
          .isEqualTo(bruteForce(items.subList(0, 50), query, 10, Set.of()));
      // written after the flat copy was loaded
      second.upsert(Region.US, stored(type, items.subList(50, 100)));
      Item gone = items.remove(7);
      second.delete(Region.US, type, List.of(gone.id()));
      assertThat(ids(second.search(Region.US, VectorQuery.nearest(type, query, 10))))
          .isEqualTo(bruteForce(items, query, 10, Set.of()));
    }
  }

  /** Catch-ups always before opening: the shared test database holds other tests' fresh rows. */
  private LuceneVectorStore store() {
    return store(Long.MAX_VALUE);
  }

  private LuceneVectorStore store(long inlineCatchUp) {
    return new LuceneVectorStore(regions, rows, dir, 2, null, inlineCatchUp, 64);
  }

  private static UUID nearest(LuceneVectorStore store, String type, float[] vector) {
    return store.search(Region.US, VectorQuery.nearest(type, vector, 1)).getFirst().entityId();
  }

  private static List<UUID> ids(List<Neighbour> found) {
    return found.stream().map(Neighbour::entityId).toList();
  }

  static String newEntityType() {
    var random = new SplittableRandom();
    var name = new StringBuilder("test_");
    for (int i = 0; i < 10; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  static List<Item> items(int n, SplittableRandom random) {
    var items = new ArrayList<Item>();
    for (int i = 0; i < n; i++) {
      Set<String> tags = i % 10 == 0 ? Set.of("rare", "common") : Set.of("common");
      items.add(new Item(UUID.randomUUID(), unit(random), tags));
    }
    return items;
  }

  static List<StoredVector> stored(String type, List<Item> items) {
    var meta = meta();
    return items.stream()
        .map(i -> new StoredVector(type, i.id(), null, i.vector(), meta, i.tags()))
        .toList();
  }

  static EmbeddingMeta meta() {
    return new EmbeddingMeta("mock", "hash-" + DIM, DIM, "us", "1", Instant.now(), null);
  }

  static float[] unit(SplittableRandom random) {
    return RandomVectors.unit(random, DIM);
  }

  static List<UUID> bruteForce(List<Item> items, float[] query, int k, Set<String> anyTags) {
    return items.stream()
        .filter(i -> anyTags.isEmpty() || i.tags().stream().anyMatch(anyTags::contains))
        .sorted(Comparator.comparingDouble((Item i) -> -dot(i.vector(), query)))
        .limit(k)
        .map(Item::id)
        .toList();
  }

  static double dot(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
