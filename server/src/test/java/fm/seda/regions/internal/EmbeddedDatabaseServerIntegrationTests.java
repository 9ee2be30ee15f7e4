package fm.seda.regions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster a server keeps its data in, as PostgreSQL itself reports it. */
class EmbeddedDatabaseServerIntegrationTests {

  @Test
  void aServersClusterGetsTheBufferPoolSizedForThisMachineNotPostgresDefault(@TempDir Path dir)
      throws Exception {
    try (var server = EmbeddedDatabaseServer.startOrAttach(dir.resolve("postgres"), true);
        var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT setting::bigint * 8 / 1024 FROM pg_settings"
                        + " WHERE name = 'shared_buffers'")) {
      rs.next();
      long expected = Long.parseLong(EmbeddedDatabaseServer.sharedBuffers().replace("MB", ""));

      assertThat(rs.getLong(1)).isEqualTo(expected).isBetween(128L, 2048L);
    }
  }
}
