package fm.seda.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where a real PostgreSQL with pgvector answers: {@code SEDA_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code SEDA_TEST_PG_USER} or postgres).
 * Otherwise the test is skipped and the reason printed, so a run on the embedded database says what
 * it did not cover.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfPgvector.Condition.class)
public @interface EnabledIfPgvector {

  final class Condition implements ExecutionCondition {

    public static String url() {
      String url = System.getenv("SEDA_TEST_PG_URL");
      return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/postgres" : url;
    }

    public static String user() {
      String user = System.getenv("SEDA_TEST_PG_USER");
      return user == null || user.isBlank() ? "postgres" : user;
    }

    /**
     * Drops {@code <prefix>_eu} and {@code <prefix>_us} so the test server creates and migrates
     * them anew: the machine's PostgreSQL outlives test runs (and branches with other migrations),
     * and a test must not meet another run's schema or rows. Returns the prefix; does nothing when
     * no PostgreSQL answers (the test is skipped then).
     */
    public static String freshDatabases(String prefix) {
      try (var c =
              DriverManager.getConnection(url(), user(), System.getenv("SEDA_TEST_PG_PASSWORD"));
          var statement = c.createStatement()) {
        for (String region : new String[] {"eu", "us"}) {
          statement.execute("DROP DATABASE IF EXISTS " + prefix + "_" + region + " WITH (FORCE)");
        }
      } catch (SQLException e) {
        System.err.println(
            "[pgvector] could not drop the " + prefix + " databases: " + e.getMessage());
      }
      return prefix;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String reason = unavailableReason();
      if (reason == null) {
        return ConditionEvaluationResult.enabled("pgvector available at " + url());
      }
      String message =
          "SKIPPED pgvector test "
              + context.getDisplayName()
              + ": "
              + reason
              + " (run scripts/install-pgvector.sh, or set SEDA_TEST_PG_URL)";
      System.err.println("[pgvector] " + message);
      return ConditionEvaluationResult.disabled(message);
    }

    private static String unavailableReason() {
      try (var c =
              DriverManager.getConnection(url(), user(), System.getenv("SEDA_TEST_PG_PASSWORD"));
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")) {
        rs.next();
        return rs.getInt(1) == 1 ? null : "PostgreSQL at " + url() + " has no pgvector extension";
      } catch (SQLException e) {
        return "no PostgreSQL reachable at " + url() + " (" + e.getMessage() + ")";
      }
    }
  }
}
