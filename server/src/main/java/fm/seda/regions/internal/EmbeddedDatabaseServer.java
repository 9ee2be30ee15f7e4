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

  /**
   * Starts PostgreSQL on {@code clusterDirectory}, or attaches to the one a live seda process
   * already runs there. A PostgreSQL left behind by a seda process that died (kill -9) is stopped
   * first and then started afresh, so that this process owns it and stops it on exit.
   *
   * @param durable fsync and synchronous commit on (the data directory must survive crashes);
   *     tests, whose data is thrown away, turn it off for speed
   */
  public static EmbeddedDatabaseServer startOrAttach(Path clusterDirectory, boolean durable) {
    Optional<Integer> running = runningPort(clusterDirectory);
    if (running.isPresent()) {
      Optional<ProcessHandle> owner = owner(clusterDirectory);
      if (owner.isPresent()
          && owner.get().isAlive()
          && owner.get().pid() != ProcessHandle.current().pid()) {
        log.info(
            "Attached to the embedded PostgreSQL that seda process {} runs on {} (port {}); it is left"
                + " running when this process exits.",
            owner.get().pid(),
            clusterDirectory,
            running.get());
        return new EmbeddedDatabaseServer(null, running.get());
      }
      stopOrphan(clusterDirectory);
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
              // zonky runs with fsync off (-F) for throwaway test clusters; ours keeps user data
              .setServerConfig("fsync", durable ? "on" : "off")
              .setServerConfig("synchronous_commit", durable ? "on" : "off")
              .setServerConfig("shared_buffers", durable ? sharedBuffers() : "128MB")
              .start();
      Files.writeString(
          clusterDirectory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
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
   * PostgreSQL's buffer pool for a server's cluster: an eighth of the machine's memory, at most 2
   * GB (PostgreSQL's own default is 128 MB). On the {@code large} world the 128 MB could not hold
   * the {@code recommendations} indexes (430 MB), and storing one ranked feed took P95 40–56 ms;
   * with 2 GB, 13 ms, and the first uncached run after a start went from P95 135–153 ms to 83 ms
   * (docs/BENCHMARKS.md). Pages are taken from the OS as they are used, not at start.
   */
  static String sharedBuffers() {
    long total =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    long megabytes = Math.max(128, Math.min(2048, total / 8 / (1024 * 1024)));
    return megabytes + "MB";
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

  private static final String OWNER_FILE = "seda-owner.pid";

  /** The seda process that started the PostgreSQL in this directory, if it recorded itself. */
  private static Optional<ProcessHandle> owner(Path clusterDirectory) {
    try {
      long pid = Long.parseLong(Files.readString(clusterDirectory.resolve(OWNER_FILE)).trim());
      return ProcessHandle.of(pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Fast shutdown (SIGINT) of a postmaster whose seda process is gone, waiting up to 30 s. */
  private static void stopOrphan(Path clusterDirectory) {
    Path pidFile = clusterDirectory.resolve("postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
      log.warn(
          "The embedded PostgreSQL serving {} (pid {}) belongs to no running seda process; stopping it"
              + " and starting afresh",
          clusterDirectory,
          pid);
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (Files.exists(pidFile) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (Files.exists(pidFile)) {
        throw new IllegalStateException(
            "the PostgreSQL left in "
                + clusterDirectory
                + " (pid "
                + pid
                + ") did not stop; stop it by hand");
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "could not stop the PostgreSQL left in " + clusterDirectory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while stopping the PostgreSQL left in " + clusterDirectory, e);
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
