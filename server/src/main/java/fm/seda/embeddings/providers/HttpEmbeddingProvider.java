package fm.seda.embeddings.providers;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the vendor adapters share: one HTTP client with the connect timeout, a per-request read
 * timeout, bearer authentication, and the translation of HTTP failures into {@link
 * ProviderException}s that say whether a retry may help and when (Retry-After).
 */
abstract class HttpEmbeddingProvider implements EmbeddingProvider {

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  private final String model;
  private final int dimension;
  private final URI endpoint;
  private final String apiKey;
  private final ProviderTimeouts timeouts;
  private final HttpClient http;

  HttpEmbeddingProvider(
      String name,
      URI endpoint,
      String apiKey,
      String model,
      int dimension,
      ProviderTimeouts timeouts) {
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException(name + ": an API key is required");
    }
    this.name = name;
    this.model = model;
    this.dimension = dimension;
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.timeouts = timeouts;
    this.http = HttpClient.newBuilder().connectTimeout(timeouts.connect()).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String location() {
    return "non-eu";
  }

  /** POSTs {@code body} and returns the parsed JSON of a 2xx answer, or throws what went wrong. */
  protected JsonNode post(Object body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeouts.read())
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    HttpResponse<String> response;
    // HttpRequest.timeout stops counting once the headers arrive; the read limit must cover the
    // body
    // too, or a vendor that stalls mid-body would hold the call forever.
    var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      response =
          pending.get(timeouts.read().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      pending.cancel(true);
      throw new ProviderException(
          name, 0, true, null, "no answer within " + timeouts.read().toMillis() + " ms", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpConnectTimeoutException) {
        throw new ProviderException(
            name,
            0,
            true,
            null,
            "connect timed out after " + timeouts.connect().toMillis() + " ms",
            cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw new ProviderException(
            name, 0, true, null, "no answer within " + timeouts.read().toMillis() + " ms", cause);
      }
      if (cause instanceof ConnectException) {
        throw new ProviderException(name, 0, true, null, "connection refused", cause);
      }
      throw new ProviderException(name, 0, true, null, "I/O error: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new ProviderException(name, 0, false, null, "interrupted", e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      try {
        return JSON.readTree(response.body());
      } catch (RuntimeException e) {
        throw new ProviderException(name, status, true, null, "answered with malformed JSON", e);
      }
    }
    boolean retryable = status == 429 || status == 408 || status >= 500;
    throw new ProviderException(
        name,
        status,
        retryable,
        retryAfter(response.headers().firstValue("Retry-After")),
        "HTTP " + status + ": " + errorMessage(response.body()),
        null);
  }

  /** The vendor's own error message, without echoing anything that might hold the key. */
  protected String errorMessage(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode message = node.path("error").path("message");
      if (message.isMissingNode()) {
        message = node.path("message");
      }
      String text = message.isMissingNode() ? "(no message)" : message.asString();
      return text.replace(apiKey, "****");
    } catch (RuntimeException e) {
      return "(unreadable error body)";
    }
  }

  /** Retry-After in delta-seconds or as an HTTP date (RFC 9110 §10.2.3). */
  static @Nullable Duration retryAfter(Optional<String> header) {
    if (header.isEmpty()) {
      return null;
    }
    String value = header.get().trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  protected static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return v;
  }

  protected ProviderException malformed(String what) {
    return new ProviderException(name, 200, true, null, "answer without " + what, null);
  }

  protected void requireCount(List<?> got, int expected) {
    if (got.size() != expected) {
      throw new ProviderException(
          name,
          200,
          true,
          null,
          "answered " + got.size() + " vectors for " + expected + " texts",
          null);
    }
  }
}
