package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.inprocess.LuceneVectorStore;
import fm.seda.vectors.internal.VectorRows;
import java.util.List;
import java.util.SplittableRandom;
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
