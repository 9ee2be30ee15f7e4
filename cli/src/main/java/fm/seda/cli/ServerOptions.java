package fm.seda.cli;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the data lives, shared by the commands that touch the databases. Unset options fall back to
 * the environment (SEDA_DATA_DIR, SEDA_DB_URL, ...), which Spring reads itself.
 */
final class ServerOptions {

  @Option(
      names = "--data-dir",
      description =
          "Data directory (embedded PostgreSQL, dev secret). Env: SEDA_DATA_DIR; default .seda")
  @Nullable String dataDir;

  @Option(
      names = "--db-url",
      description =
          "JDBC URL of a PostgreSQL server (with pgvector) to use instead of the embedded one. Env: SEDA_DB_URL")
  @Nullable String dbUrl;

  @Option(
      names = "--db-user",
      description = "Database user. Env: SEDA_DB_USERNAME; default postgres")
  @Nullable String dbUser;

  /**
   * Spring command-line properties for the options given; the password only comes from
   * SEDA_DB_PASSWORD.
   */
  List<String> springArgs() {
    var args = new ArrayList<String>();
    if (dataDir != null) {
      args.add("--seda.data-dir=" + dataDir);
    }
    if (dbUrl != null) {
      args.add("--seda.db.url=" + dbUrl);
    }
    if (dbUser != null) {
      args.add("--seda.db.username=" + dbUser);
    }
    return args;
  }

  String dataDirOrDefault() {
    if (dataDir != null) {
      return dataDir;
    }
    String env = System.getenv("SEDA_DATA_DIR");
    return env == null || env.isBlank() ? ".seda" : env;
  }

  @Nullable String dbUrlOrEnv() {
    return dbUrl != null ? dbUrl : blankToNull(System.getenv("SEDA_DB_URL"));
  }

  String dbUserOrEnv() {
    if (dbUser != null) {
      return dbUser;
    }
    String env = blankToNull(System.getenv("SEDA_DB_USERNAME"));
    return env == null ? "postgres" : env;
  }

  static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
