package fm.seda.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the running test server, with just what the tests need. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public Api(int port) {
    this.base = "http://localhost:" + port;
  }

  /** A response with its body parsed as JSON (null when the body is empty or not JSON). */
  public record Response(int status, HttpResponse<String> raw, @Nullable JsonNode body) {

    public String contentType() {
      return raw.headers().firstValue("Content-Type").orElse("");
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    /** The problem type's slug (the part after https://seda.fm/problems/). */
    public String problemSlug() {
      String type = body == null ? "" : body.path("type").asString();
      return type.substring(type.lastIndexOf('/') + 1);
    }

    public JsonNode json() {
      if (body == null) {
        throw new AssertionError("expected a JSON body, got: " + raw.body());
      }
      return body;
    }
  }

  public Response get(String path, @Nullable String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, @Nullable String token, @Nullable String json) {
    return send(withJson(request(path, token), json).POST(body(json)));
  }

  public Response put(String path, @Nullable String token, @Nullable String json) {
    return send(withJson(request(path, token), json).PUT(body(json)));
  }

  public Response patch(String path, @Nullable String token, @Nullable String json) {
    return send(withJson(request(path, token), json).method("PATCH", body(json)));
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode node = null;
      if (!response.body().isBlank()) {
        try {
          node = JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
          node = null;
        }
      }
      return new Response(response.statusCode(), response, node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, @Nullable String token) {
    var builder =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpRequest.Builder withJson(HttpRequest.Builder builder, @Nullable String json) {
    return json == null ? builder : builder.header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher body(@Nullable String json) {
    return json == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json);
  }

  /** Makes JSON literals readable in tests: single quotes become double quotes. */
  public static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
