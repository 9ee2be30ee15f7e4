package fm.seda.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running server's admin HTTP API, as JSON trees. Every answer other than a 2xx becomes a
 * {@link ServerProblem}; a server that cannot be reached becomes a usage failure, since the command
 * was never delivered.
 *
 * <p>The token goes into the Authorization header and nowhere else: no message this class builds
 * contains it.
 */
final class AdminApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /*
   * Floats stay BigDecimal with their scale, so --json prints 1275.00 as the server wrote it rather
   * than 1275.0.
   */
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final String base;
  private final String token;
  private final HttpClient http;

  /**
   * @param base the server's root URL, validated by {@link AdminApiOptions}, without trailing slash
   */
  AdminApi(String base, String token) {
    this.base = base;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  JsonNode post(String path, Map<String, ?> body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json, application/problem+json")
        .header("Authorization", "Bearer " + token);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable();
    } catch (HttpTimeoutException e) {
      throw CommandFailure.refused(
          "seda at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException) {
        throw unreachable();
      }
      throw CommandFailure.refused("request to " + base + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandFailure.refused("interrupted");
    }
    if (response.statusCode() / 100 == 2) {
      return parse(response.body())
          .orElseThrow(
              () ->
                  CommandFailure.refused(
                      "the answer from "
                          + base
                          + " is not JSON; does --url point at a seda server?"));
    }
    throw problem(response.statusCode(), response.body());
  }

  private CommandFailure unreachable() {
    return CommandFailure.usage("cannot reach seda at " + base + "; is ./seda run running?");
  }

  private ServerProblem problem(int status, String body) {
    List<String> hints = new ArrayList<>();
    if (status == 401) {
      hints.add(
          "the token is missing, expired or from another data directory; mint a fresh one:"
              + " export SEDA_TOKEN=$(./seda token --user ops --role admin)");
    } else if (status == 403) {
      hints.add(
          "the token's user needs the admin role: export SEDA_TOKEN=$(./seda token --user ops"
              + " --role admin)");
    }
    JsonNode json = parse(body).filter(JsonNode::isObject).orElse(null);
    if (json != null && json.path("title").isString()) {
      return new ServerProblem(
          status,
          json.path("title").stringValue(),
          json.path("detail").isString() ? json.path("detail").stringValue() : null,
          json.path("request_id").isString() ? json.path("request_id").stringValue() : null,
          hints);
    }
    return new ServerProblem(status, "Unexpected answer from " + base, snippet(body), null, hints);
  }

  private static Optional<JsonNode> parse(String body) {
    if (body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(body));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static String snippet(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }
}
