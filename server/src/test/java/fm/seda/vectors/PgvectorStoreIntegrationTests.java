package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.testing.EnabledIfPgvector;
import fm.seda.testing.SedaIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract on a real PostgreSQL with pgvector (CI prepares one): HNSW indexes per entity type
 * and dimension. Uses the databases seda_contract_eu / seda_contract_us, dropped and created anew
 * each run.
 */
@EnabledIfPgvector
@SedaIntegrationTest
class PgvectorStoreIntegrationTests extends VectorStoreContract {

  @DynamicPropertySource
  static void realPostgres(DynamicPropertyRegistry registry) {
    registry.add("seda.db.url", EnabledIfPgvector.Condition::url);
    registry.add("seda.db.username", EnabledIfPgvector.Condition::user);
    // fresh databases each run, dropped here once (the supplier below may be read many times)
    String prefix = EnabledIfPgvector.Condition.freshDatabases("seda_contract");
    registry.add("seda.db.name-prefix", () -> prefix);
  }

  @Autowired VectorStore store;

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
  void aDatabaseWithPgvectorUsesThePgvectorAdapter() {
    assertThat(store.adapter()).isEqualTo("pgvector");
  }
}
