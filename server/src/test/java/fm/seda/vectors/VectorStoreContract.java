package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingSpaces;
import fm.seda.regions.Region;
import fm.seda.testing.RandomVectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorStore} adapter must do, checked against brute force. Each test works in
 * its own entity type, so tests and adapters sharing a database never see each other's vectors.
 */
public abstract class VectorStoreContract {

  /** Printed so a failing run can be replayed. */
  static final long SEED = 20261122L;

  static final int DIM = 32;

  protected abstract VectorStore store();

  /** The by-id reader over the same database. */
  protected abstract StoredVectors stored();

  static String newEntityType() {
    var random = new SplittableRandom();
    var name = new StringBuilder("test_");
    for (int i = 0; i < 10; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  static EmbeddingMeta meta(int dim) {
    return new EmbeddingMeta("mock", "hash-" + dim, dim, "us", "1", Instant.now(), null);
  }

  static float[] randomUnit(SplittableRandom random, int dim) {
    return RandomVectors.unit(random, dim);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }

  record Item(UUID id, float[] vector, Set<String> tags) {}

  List<Item> seed(String type, int n, SplittableRandom random) {
    var items = new ArrayList<Item>();
    for (int i = 0; i < n; i++) {
      // one in ten items is "rare", so a filter on it leaves few candidates
      Set<String> tags = i % 10 == 0 ? Set.of("rare", "common") : Set.of("common");
      items.add(new Item(UUID.randomUUID(), randomUnit(random, DIM), tags));
    }
    store()
        .upsert(
            Region.US,
            items.stream()
                .map(i -> new StoredVector(type, i.id(), null, i.vector(), meta(DIM), i.tags()))
                .toList());
    return items;
  }

  static List<UUID> bruteForce(List<Item> items, float[] query, int k) {
    return items.stream()
        .sorted(Comparator.comparingDouble((Item i) -> cosine(i.vector(), query)).reversed())
        .limit(k)
        .map(Item::id)
        .toList();
  }

  @Test
  void nearestNeighboursMatchBruteForce() {
    var random = new SplittableRandom(SEED);
    String type = newEntityType();
    List<Item> items = seed(type, 600, random);
    int hits = 0;
    int queries = 20;
    for (int q = 0; q < queries; q++) {
      float[] query = randomUnit(random, DIM);
      List<Neighbour> found = store().search(Region.US, VectorQuery.nearest(type, query, 10));
      assertThat(found).hasSize(10);
      assertThat(found)
          .isSortedAccordingTo(Comparator.comparingDouble(Neighbour::similarity).reversed());
      var truth = new HashSet<>(bruteForce(items, query, 10));
      hits += (int) found.stream().filter(n -> truth.contains(n.entityId())).count();
    }
    // 600 vectors and ef 64: HNSW should find nearly every true neighbour; 0.9 leaves room for the
    // graph's approximation without letting a broken index (recall ~ 10/600) pass. Seed: SEED.
    assertThat(hits / (double) (queries * 10))
        .as("recall@10, seed " + SEED)
        .isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void similarityIsTheCosine() {
    var random = new SplittableRandom(SEED + 1);
    String type = newEntityType();
    List<Item> items = seed(type, 50, random);
    Item target = items.get(7);

    Neighbour best =
        store().search(Region.US, VectorQuery.nearest(type, target.vector(), 1)).getFirst();

    assertThat(best.entityId()).isEqualTo(target.id());
    assertThat(best.similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    // and for every neighbour of any query: the exact cosine, not an index's estimate of it (the
    // in-process graph walks quantized vectors, off by up to ~0.003)
    float[] query = randomUnit(random, DIM);
    List<Neighbour> found = store().search(Region.US, VectorQuery.nearest(type, query, 10));
    assertThat(found).hasSize(10);
    for (Neighbour n : found) {
      float[] v =
          items.stream()
              .filter(i -> i.id().equals(n.entityId()))
              .findFirst()
              .orElseThrow()
              .vector();
      assertThat(n.similarity())
          .isCloseTo(cosine(query, v), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void aSelectiveFilterStillFindsTheExactNeighbours() {
    var random = new SplittableRandom(SEED + 2);
    String type = newEntityType();
    List<Item> items = seed(type, 600, random);
    List<Item> rare = items.stream().filter(i -> i.tags().contains("rare")).toList();
    float[] query = randomUnit(random, DIM);

    List<Neighbour> found =
        store().search(Region.US, new VectorQuery(type, query, 10, Set.of("rare"), Set.of(), 64));

    assertThat(found.stream().map(Neighbour::entityId).toList())
        .isEqualTo(bruteForce(rare, query, 10));
  }

  @Test
  void excludedAndDeletedItemsAreNeverReturned() {
    var random = new SplittableRandom(SEED + 3);
    String type = newEntityType();
    List<Item> items = seed(type, 100, random);
    float[] query = items.get(0).vector();
    List<UUID> top = bruteForce(items, query, 5);

    store().delete(Region.US, type, List.of(top.get(0)));
    List<Neighbour> found =
        store()
            .search(Region.US, new VectorQuery(type, query, 10, Set.of(), Set.of(top.get(1)), 64));

    assertThat(found)
        .extracting(Neighbour::entityId)
        .doesNotContain(top.get(0), top.get(1))
        .contains(top.get(2));
  }

  @Test
  void manyExclusionsAmongTheNearestStillLeaveTheNextNearest() {
    var random = new SplittableRandom(SEED + 4);
    String type = newEntityType();
    List<Item> items = seed(type, 100, random);
    float[] query = items.get(0).vector();
    List<UUID> nearest = bruteForce(items, query, 30);

    List<Neighbour> found =
        store()
            .search(
                Region.US,
                new VectorQuery(type, query, 10, Set.of(), Set.copyOf(nearest.subList(0, 20)), 64));

    assertThat(found)
        .extracting(Neighbour::entityId)
        .containsExactlyElementsOf(nearest.subList(20, 30));
  }

  @Test
  void vendorSizedVectorsOf1536DimensionsAreStoredAndFound() {
    // OpenAI's and Cohere's models are 1536-d: a region they serve must work on either adapter
    var random = new SplittableRandom(SEED + 7);
    String type = newEntityType();
    int dim = 1536;
    var vectors = new ArrayList<StoredVector>();
    for (int i = 0; i < 30; i++) {
      vectors.add(
          new StoredVector(
              type, UUID.randomUUID(), null, randomUnit(random, dim), meta(dim), Set.of("common")));
    }
    store().upsert(Region.US, vectors);
    StoredVector target = vectors.get(11);

    assertThat(store().search(Region.US, VectorQuery.nearest(type, target.vector(), 1)))
        .extracting(Neighbour::entityId)
        .containsExactly(target.entityId());
  }

  @Test
  void upsertReplacesAVector() {
    var random = new SplittableRandom(SEED + 4);
    String type = newEntityType();
    List<Item> items = seed(type, 50, random);
    Item moved = items.get(3);
    float[] elsewhere = randomUnit(random, DIM);

    store()
        .upsert(
            Region.US,
            List.of(
                new StoredVector(type, moved.id(), null, elsewhere, meta(DIM), Set.of("common"))));

    assertThat(
            store()
                .search(Region.US, VectorQuery.nearest(type, elsewhere, 1))
                .getFirst()
                .entityId())
        .isEqualTo(moved.id());
  }

  @Test
  void aVectorOfAnotherDimensionIsRefused() {
    var random = new SplittableRandom(SEED + 5);
    String type = newEntityType();
    seed(type, 10, random);

    assertThatThrownBy(
            () ->
                store()
                    .upsert(
                        Region.US,
                        List.of(
                            new StoredVector(
                                type,
                                UUID.randomUUID(),
                                null,
                                randomUnit(random, 16),
                                meta(16),
                                Set.of()))))
        .isInstanceOf(EmbeddingSpaces.MixedDimensions.class)
        .hasMessageContaining("[16, 32]");
  }

  @Test
  void regionsAreSeparateSpaces() {
    var random = new SplittableRandom(SEED + 6);
    String type = newEntityType();
    seed(type, 20, random);

    assertThat(store().search(Region.EU, VectorQuery.nearest(type, randomUnit(random, DIM), 5)))
        .isEmpty();
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }
}
