package fm.seda.regions.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL JDBC URL helpers shared by the server and the command-line tools. */
public final class JdbcUrls {

  private static final Pattern JDBC_URL =
      Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

  private JdbcUrls() {}

  /** The same server URL pointing at another database, keeping any query parameters. */
  public static String withDatabase(String jdbcUrl, String database) {
    Matcher m = JDBC_URL.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a database URL must look like jdbc:postgresql://host:port/database, got '"
              + redact(jdbcUrl)
              + "'");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  /** A URL safe to print: any password parameter is masked. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}
