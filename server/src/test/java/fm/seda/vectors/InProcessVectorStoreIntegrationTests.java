package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.inprocess.LuceneVectorStore;
import fm.seda.vectors.internal.VectorRows;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The contract on the embedded default: Lucene HNSW in memory, vectors as real[] in PostgreSQL. */
@SedaIntegrationTest
class InProcessVectorStoreIntegrationTests extends VectorStoreContract {

  @Autowired VectorStore store;
  @Autowired RegionRouter regions;
  @Autowired VectorRows rows;

  @Autowired StoredVectors stored;

  @Override
  protected VectorStore store() {
    return store;
  }

  @Override
  protected StoredVectors stored() {
    return stored;
  }

  @Test
  void theEmbeddedDefaultUsesTheInProcessAdapter() {
    assertThat(store.adapter()).isEqualTo("inprocess");
  }

  @Test
  void aCatalogVectorThisNodeRewritesOrDeletesIsReadAnewNotFromItsKeptCopy() {
    var random = new SplittableRandom(SEED + 11);
    // rooms are kept for half an hour once read; the space may already hold rooms of another test
    int dim =
        regions
            .database(Region.US)
            .jdbc()
            .sql(
                "SELECT array_length(embedding, 1) FROM entity_vectors WHERE entity_type = 'room'"
                    + " AND deleted_at IS NULL LIMIT 1")
            .query(Integer.class)
            .optional()
            .orElse(DIM);
    UUID room = UUID.randomUUID();
    float[] first = randomUnit(random, dim);
    float[] second = randomUnit(random, dim);

    store.upsert(
        Region.US, List.of(new StoredVector("room", room, null, first, meta(dim), Set.of())));
    assertThat(stored.fetch(Region.US, "room", List.of(room)).get(room).vector())
        .containsExactly(first);
    store.upsert(
        Region.US, List.of(new StoredVector("room", room, null, second, meta(dim), Set.of())));
    assertThat(stored.fetch(Region.US, "room", List.of(room)).get(room).vector())
        .as("the new vector, not the copy kept from the first read")
        .containsExactly(second);
    store.delete(Region.US, "room", List.of(room));
    assertThat(stored.fetch(Region.US, "room", List.of(room))).isEmpty();
  }

  @Test
  void aRestartRebuildsTheIndexFromTheDatabase() throws Exception {
    var random = new SplittableRandom(SEED + 10);
    String type = newEntityType();
    List<Item> items = seed(type, 200, random);
    float[] query = randomUnit(random, DIM);
    var before = store.search(Region.US, VectorQuery.nearest(type, query, 10));

    // in memory only: the running server's store holds its own index directory
    try (var restarted = new LuceneVectorStore(regions, rows, null)) {
      assertThat(restarted.awaitReady(java.time.Duration.ofMinutes(2))).isTrue();
      assertThat(restarted.search(Region.US, VectorQuery.nearest(type, query, 10)))
          .extracting(Neighbour::entityId)
          .containsExactlyElementsOf(before.stream().map(Neighbour::entityId).toList());
    }
    assertThat(items).hasSize(200);
  }
}
