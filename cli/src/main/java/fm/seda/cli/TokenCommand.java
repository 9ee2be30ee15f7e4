package fm.seda.cli;

import fm.seda.regions.internal.EmbeddedDatabaseServer;
import fm.seda.regions.internal.JdbcUrls;
import fm.seda.security.DevTokens;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints a development bearer token and nothing else, so {@code TOKEN=$(./seda token --user alice)}
 * works. Roles never come from token claims, so {@code --role} writes the role into the user's row
 * in the running server's database (creating the account if needed) and records it in the audit
 * log.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print a dev bearer token for a user name (dev and sandbox only).",
      "With --role, also create the account if needed and grant the role in the database."
    })
final class TokenCommand implements Callable<Integer> {

  private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");
  private static final List<String> ROLES = List.of("user", "artist", "admin", "super_admin");

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--user",
      required = true,
      description = "The dev user name; the same name is always the same account")
  String user = "";

  @Option(names = "--role", description = "Grant this role: user, artist, admin or super_admin")
  @Nullable String role;

  @Option(
      names = "--ttl",
      defaultValue = "24h",
      description = "Lifetime, e.g. 30m, 24h, 7d (default 24h)")
  String ttl = "24h";

  @Override
  public Integer call() {
    if (user.isBlank() || user.length() > 100) {
      return fail("--user must be 1 to 100 characters");
    }
    if (role != null && !ROLES.contains(role)) {
      return fail("--role must be one of " + ROLES + ", got '" + role + "'");
    }
    Optional<Duration> lifetime = parseTtl(ttl);
    if (lifetime.isEmpty()) {
      return fail("--ttl must look like 30m, 24h or 7d (at most 30d), got '" + ttl + "'");
    }
    if (ServerOptions.blankToNull(System.getenv("SEDA_AUTH_JWKS_URL")) != null) {
      return fail(
          "this deployment verifies tokens with a JWKS (SEDA_AUTH_JWKS_URL); get tokens from its identity provider");
    }
    String secret = ServerOptions.blankToNull(System.getenv("SEDA_AUTH_HS256_SECRET"));
    if (secret == null) {
      secret = DevTokens.devSecret(Path.of(server.dataDirOrDefault()));
    }
    String issuer = ServerOptions.blankToNull(System.getenv("SEDA_AUTH_ISSUER"));
    String token;
    try {
      token =
          DevTokens.mint(
              secret, issuer == null ? DevTokens.DEV_ISSUER : issuer, user, lifetime.get());
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
    if (role != null) {
      try {
        grantRole(DevTokens.subjectFor(user), role);
      } catch (SQLException | IllegalStateException e) {
        return fail("could not grant the role: " + e.getMessage());
      }
    }
    System.out.println(token);
    return 0;
  }

  static Optional<Duration> parseTtl(String text) {
    Matcher m = TTL.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return d.isZero() || d.compareTo(Duration.ofDays(30)) > 0 ? Optional.empty() : Optional.of(d);
  }

  /**
   * Sets the role where the account lives (EU database first), or creates a non-EU account with it.
   */
  private void grantRole(String subject, String role) throws SQLException {
    String prefix =
        Optional.ofNullable(ServerOptions.blankToNull(System.getenv("SEDA_DB_NAME_PREFIX")))
            .orElse("seda");
    String serverUrl = server.dbUrlOrEnv();
    String user = server.dbUserOrEnv();
    String password = System.getenv("SEDA_DB_PASSWORD");
    if (serverUrl == null) {
      Path cluster = Path.of(server.dataDirOrDefault()).toAbsolutePath().resolve("postgres");
      int port =
          EmbeddedDatabaseServer.runningPort(cluster)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "--role writes to the database, and no embedded PostgreSQL runs under "
                              + cluster
                              + ": start ./seda run first, or pass --db-url"));
      serverUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
      user = "postgres";
      password = null;
    }
    for (String region : List.of("eu", "us")) {
      try (Connection c =
              DriverManager.getConnection(
                  JdbcUrls.withDatabase(serverUrl, prefix + "_" + region), user, password);
          var update =
              c.prepareStatement(
                  "UPDATE users SET role = ?, updated_at = now() WHERE auth_user_id = ?")) {
        update.setString(1, role);
        update.setString(2, subject);
        if (update.executeUpdate() == 1) {
          audit(c, subject, role);
          return;
        }
      }
    }
    try (Connection c =
            DriverManager.getConnection(
                JdbcUrls.withDatabase(serverUrl, prefix + "_us"), user, password);
        var insert =
            c.prepareStatement(
                "INSERT INTO users (auth_user_id, display_name, role) VALUES (?, ?, ?)"
                    + " ON CONFLICT (auth_user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()")) {
      insert.setString(1, subject);
      insert.setString(2, this.user);
      insert.setString(3, role);
      insert.executeUpdate();
      audit(c, subject, role);
    }
  }

  private static void audit(Connection c, String subject, String role) throws SQLException {
    try (var insert =
        c.prepareStatement(
            "INSERT INTO audit_log (action, subject_type, subject_id, details)"
                + " VALUES ('role_granted', 'user', ?, jsonb_build_object('role', ?::text, 'via', 'seda token'))")) {
      insert.setString(1, subject);
      insert.setString(2, role);
      insert.executeUpdate();
    }
  }

  private static int fail(String message) {
    System.err.println("seda token: " + message);
    return 2;
  }
}
