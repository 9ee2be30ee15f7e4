package fm.seda.cli;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Which server to call, as whom, and how to print the answer; shared by the commands that call the
 * admin API. The token is read from the environment in code rather than through a picocli default,
 * so no help text can ever show it.
 */
final class AdminApiOptions {

  static final String DEFAULT_URL = "http://localhost:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {"The seda server. Env: SEDA_URL;", "default " + DEFAULT_URL})
  @Nullable String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = {
        "An admin's bearer token. Env: SEDA_TOKEN,",
        "which keeps it out of the process list"
      })
  @Nullable String token;

  @Option(names = "--json", description = "Print the server's JSON, pretty-printed, not a table")
  boolean json;

  /** The API at the chosen URL with the chosen token, or a usage failure saying what is missing. */
  AdminApi connect() {
    String chosenToken = token != null ? token : System.getenv("SEDA_TOKEN");
    if (chosenToken == null || chosenToken.isBlank()) {
      throw CommandFailure.usage(
          "no token; set SEDA_TOKEN=$(./seda token --user ops --role admin)");
    }
    return new AdminApi(baseUrl(), chosenToken.strip());
  }

  private String baseUrl() {
    String chosen = url != null ? url : ServerOptions.blankToNull(System.getenv("SEDA_URL"));
    String text = chosen == null ? DEFAULT_URL : chosen.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw CommandFailure.usage(
          "--url must be an http(s) URL such as " + DEFAULT_URL + ", got '" + text + "'");
    }
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
