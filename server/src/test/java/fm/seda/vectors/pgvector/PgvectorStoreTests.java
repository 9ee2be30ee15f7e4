package fm.seda.vectors.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.vectors.VectorQuery;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ef_search a query runs with; no database needed, so the store gets none. */
class PgvectorStoreTests {

  private final PgvectorStore store = new PgvectorStore(null, null, /* efSearch */ 400);

  private static VectorQuery query(int k, int efSearch) {
    return new VectorQuery("artist", new float[] {1, 0}, k, Set.of(), Set.of(), efSearch);
  }

  @Test
  void aQueryAskingForTheDefaultGetsTheConfiguredEfSearch() {
    assertThat(store.efSearch(VectorQuery.nearest("artist", new float[] {1, 0}, 10)))
        .isEqualTo(400);
  }

  @Test
  void aQueryWithItsOwnEfSearchKeepsIt() {
    assertThat(store.efSearch(query(10, 100))).isEqualTo(100);
    assertThat(store.efSearch(query(10, VectorQuery.SEED_EF_SEARCH))).isEqualTo(64);
    assertThat(store.efSearch(query(10, 900))).isEqualTo(900);
  }

  @Test
  void efSearchIsAtLeastKAndAtMostPgvectorsLimit() {
    assertThat(store.efSearch(query(200, 100))).isEqualTo(200);
    assertThat(store.efSearch(query(10, 5000))).isEqualTo(1000);
  }

  @Test
  void anEfSearchOutsidePgvectorsRangeIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new PgvectorStore(null, null, 1001))
        .hasMessageContaining("seda.vectors.ef-search");
  }
}
