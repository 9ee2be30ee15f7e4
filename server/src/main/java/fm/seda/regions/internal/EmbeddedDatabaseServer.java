package fm.seda.regions.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: real PostgreSQL binaries from a Maven artifact (zonky), with the cluster
 * kept under {@code <data-dir>/postgres} so that stopping and starting keeps the data.
 *
 * <p>If a PostgreSQL already serves that directory (a running {@code ./seda run} while {@code
 * ./seda seed} works, or a server orphaned by a killed JVM), this attaches to it instead of failing
 * on the lock, and leaves it running on close since it did not start it.
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);
  static final String USER = "postgres";

  private final @Nullable EmbeddedPostgres owned;
  private final int port;

  private EmbeddedDatabaseServer(@Nullable EmbeddedPostgres owned, int port) {
    this.owned = owned;
    this.port = port;
  }

  /** Starts PostgreSQL on {@code clusterDirectory}, or attaches to the one already serving it. */
  public static EmbeddedDatabaseServer startOrAttach(Path clusterDirectory) {
    Optional<Integer> running = runningPort(clusterDirectory);
    if (running.isPresent()) {
      log.info(
          "Attached to the embedded PostgreSQL already serving {} on port {}; it was started"
              + " elsewhere and is left running.",
          clusterDirectory,
          running.get());
      return new EmbeddedDatabaseServer(null, running.get());
    }
    try {
      Files.createDirectories(clusterDirectory.getParent());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(clusterDirectory)
              .setCleanDataDirectory(false)
              // Spring's shutdown stops it (DatabaseLocations.close); a second hook would race it.
              .setRegisterShutdownHook(false)
              .setServerConfig("max_connections", "200")
              .start();
      log.info(
          "Started embedded PostgreSQL on port {} with its data in {}",
          postgres.getPort(),
          clusterDirectory);
      return new EmbeddedDatabaseServer(postgres, postgres.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + clusterDirectory + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The port of a live PostgreSQL serving this directory, read from its {@code postmaster.pid}
   * (line 4 holds the port), if one answers there.
   */
  public static Optional<Integer> runningPort(Path clusterDirectory) {
    Path pidFile = clusterDirectory.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      int port = Integer.parseInt(lines.get(3).trim());
      try (var ignored = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, "")) {
        return Optional.of(port);
      }
    } catch (IOException | NumberFormatException | SQLException e) {
      return Optional.empty();
    }
  }

  static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  String jdbcUrl(String database) {
    return jdbcUrl(port, database);
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
        log.info("Stopped embedded PostgreSQL");
      } catch (IOException e) {
        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
