package fm.seda.regions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import fm.seda.regions.Region;
import fm.seda.testing.EnabledIfPgvector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The regional schema on a real PostgreSQL with pgvector (CI prepares one with
 * scripts/install-pgvector.sh).
 */
@EnabledIfPgvector
class PgvectorIntegrationTests {

  final String prefix = "seda_test_" + UUID.randomUUID().toString().substring(0, 8);
  final String url = EnabledIfPgvector.Condition.url();
  final String user = EnabledIfPgvector.Condition.user();

  @AfterEach
  void dropDatabases() throws SQLException {
    try (Connection c =
        DriverManager.getConnection(url, user, System.getenv("SEDA_TEST_PG_PASSWORD"))) {
      for (Region region : Region.values()) {
        c.createStatement()
            .execute("DROP DATABASE IF EXISTS " + prefix + "_" + region.code() + " WITH (FORCE)");
      }
    }
  }

  @Test
  void configuredServerGetsBothRegionalDatabasesWithPgvectorColumns() {
    var properties =
        new DatabaseProperties(
            url, null, null, user, System.getenv("SEDA_TEST_PG_PASSWORD"), prefix, 2, true);
    try (DatabaseLocations locations = DatabaseLocations.resolve(properties, Path.of("target"))) {
      for (Region region : Region.values()) {
        assertThat(locations.jdbcUrl(region)).endsWith("/" + prefix + "_" + region.code());
        try (var dataSource = new HikariDataSource()) {
          dataSource.setJdbcUrl(locations.jdbcUrl(region));
          dataSource.setUsername(user);
          RegionalMigrations.migrate(region, dataSource);
          JdbcClient jdbc = JdbcClient.create(dataSource);

          assertThat(jdbc.sql("SELECT seda_region()").query(String.class).single())
              .isEqualTo(region.code());
          assertThat(jdbc.sql("SELECT kind FROM vector_storage").query(String.class).single())
              .isEqualTo("pgvector");

          for (String v : List.of("[1,0,0]", "[0,1,0]", "[0.9,0.1,0]")) {
            jdbc.sql(
                    "INSERT INTO entity_vectors (entity_type, entity_id, embedding, embedding_meta)"
                        + " VALUES ('artist', gen_random_uuid(), ?::vector, '{\"dim\": 3}')")
                .param(v)
                .update();
          }
          List<String> nearest =
              jdbc.sql(
                      "SELECT embedding::text FROM entity_vectors ORDER BY embedding <=> '[1,0,0]'::vector LIMIT 2")
                  .query(String.class)
                  .list();
          assertThat(nearest).containsExactly("[1,0,0]", "[0.9,0.1,0]");
        }
      }
    }
  }
}
