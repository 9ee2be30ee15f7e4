package fm.seda.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP plumbing of a mock vendor: a loopback {@link HttpServer} on a small thread pool, request
 * recording, latency, and the {@code /__sandbox/knobs} control endpoint. The vendor logic is a
 * {@link Handler} that turns a request into a {@link Response}.
 */
final class VendorHttpServer implements AutoCloseable {

  static final String KNOBS_PATH = "/__sandbox/knobs";
  static final int THREADS = 8;

  private static final System.Logger LOG = System.getLogger(VendorHttpServer.class.getName());
  private static final Set<String> KNOB_FIELDS =
      Set.of("latency_ms", "fail_next", "rate_limit_next", "failure_rate", "reset");

  /** A received request on a vendor path. */
  record Request(String method, String path, Headers headers, byte[] body) {

    @Nullable String header(String name) {
      return headers.getFirst(name);
    }

    boolean isPost() {
      return "POST".equals(method);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    @Nullable String bearerToken() {
      String value = header("Authorization");
      if (value == null) {
        return null;
      }
      value = value.strip();
      if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      String token = value.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
  }

  /** An answer: status, extra headers, and a body serialized as JSON. */
  record Response(int status, Map<String, String> headers, Object body) {

    static Response json(int status, Object body) {
      return new Response(status, Map.of(), body);
    }

    Response withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Response(status, copy, body);
    }
  }

  /** The vendor logic. */
  interface Handler {
    Response handle(Request request);
  }

  private final String vendor;
  private final VendorKnobs knobs;
  private final Handler handler;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private boolean closed;

  private VendorHttpServer(
      String vendor, VendorKnobs knobs, Handler handler, HttpServer server, ExecutorService pool) {
    this.vendor = vendor;
    this.knobs = knobs;
    this.handler = handler;
    this.server = server;
    this.executor = pool;
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Binds 127.0.0.1 on {@code port} (0 for an ephemeral port) and starts serving. */
  static VendorHttpServer start(String vendor, int port, VendorKnobs knobs, Handler handler) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within [0, 65535]: " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind mock " + vendor + " server on port " + port, e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, threadFactory(vendor));
    VendorHttpServer vendorServer = new VendorHttpServer(vendor, knobs, handler, server, pool);
    server.createContext("/", vendorServer::exchange);
    server.setExecutor(pool);
    server.start();
    return vendorServer;
  }

  String baseUrl() {
    return baseUrl;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void exchange(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Response response;
      if (KNOBS_PATH.equals(path)) {
        response = knobsEndpoint(exchange);
      } else {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Headers headers = exchange.getRequestHeaders();
        knobs.record(
            new VendorKnobs.RecordedRequest(
                method, path, headers, new String(body, StandardCharsets.UTF_8)));
        Duration latency = knobs.latency();
        if (!latency.isZero()) {
          Thread.sleep(latency);
        }
        response = handler.handle(new Request(method, path, headers, body));
      }
      send(exchange, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "mock " + vendor + " server: client went away", e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "mock " + vendor + " server failed on a request", e);
      try {
        send(exchange, Response.json(500, Json.object("message", "sandbox bug: " + e)));
      } catch (IOException | RuntimeException ignored) {
        // The response may already have been started; nothing more to do.
      }
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = Json.write(response.body());
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    response.headers().forEach(headers::set);
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    if (head) {
      headers.set("Content-Length", Integer.toString(bytes.length));
    }
    exchange.sendResponseHeaders(response.status(), head || bytes.length == 0 ? -1 : bytes.length);
    if (!head && bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  // ---- /__sandbox/knobs ----

  private Response knobsEndpoint(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    InetSocketAddress remote = exchange.getRemoteAddress();
    if (remote == null || !remote.getAddress().isLoopbackAddress()) {
      return Response.json(403, Json.object("error", "the knobs endpoint is loopback only"));
    }
    return switch (exchange.getRequestMethod().toUpperCase(Locale.ROOT)) {
      case "GET" -> Response.json(200, knobs.snapshot(vendor));
      case "POST" -> postKnobs(body);
      default ->
          Response.json(405, Json.object("error", "use GET or POST on " + KNOBS_PATH))
              .withHeader("Allow", "GET, POST");
    };
  }

  private Response postKnobs(byte[] body) {
    JsonNode root = Json.parse(body);
    if (root == null || !root.isObject()) {
      return knobsError("the body must be a JSON object");
    }
    List<Consumer<VendorKnobs>> changes = new ArrayList<>();
    try {
      for (String name : root.propertyNames()) {
        if (!KNOB_FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown field '" + name + "'; known fields: " + KNOB_FIELDS);
        }
      }
      JsonNode reset = root.get("reset");
      if (reset != null) {
        if (!reset.isBoolean()) {
          throw new IllegalArgumentException("'reset' must be a boolean");
        }
        if (reset.booleanValue()) {
          changes.add(VendorKnobs::reset);
        }
      }
      JsonNode latency = root.get("latency_ms");
      if (latency != null) {
        long millis = nonNegativeLong(latency, "latency_ms");
        changes.add(k -> k.latency(Duration.ofMillis(millis)));
      }
      JsonNode failNext = root.get("fail_next");
      if (failNext != null) {
        requireObject(failNext, "fail_next", Set.of("count", "status"));
        int count = intField(failNext, "fail_next", "count", null);
        int status = intField(failNext, "fail_next", "status", VendorKnobs.DEFAULT_FAILURE_STATUS);
        changes.add(k -> k.failNext(count, status));
      }
      JsonNode rateLimit = root.get("rate_limit_next");
      if (rateLimit != null) {
        requireObject(rateLimit, "rate_limit_next", Set.of("count", "retry_after_seconds"));
        int count = intField(rateLimit, "rate_limit_next", "count", null);
        JsonNode seconds = rateLimit.get("retry_after_seconds");
        Duration retryAfter =
            seconds == null
                ? VendorKnobs.DEFAULT_RETRY_AFTER
                : Duration.ofSeconds(
                    nonNegativeLong(seconds, "rate_limit_next.retry_after_seconds"));
        changes.add(k -> k.rateLimitNext(count, retryAfter));
      }
      JsonNode failureRate = root.get("failure_rate");
      if (failureRate != null) {
        requireObject(failureRate, "failure_rate", Set.of("rate", "status", "seed"));
        JsonNode rate = failureRate.get("rate");
        if (rate == null || !rate.isNumber()) {
          throw new IllegalArgumentException("'failure_rate.rate' must be a number in [0, 1]");
        }
        JsonNode seedNode = failureRate.get("seed");
        if (seedNode != null && !(seedNode.isIntegralNumber() && seedNode.canConvertToLong())) {
          throw new IllegalArgumentException("'failure_rate.seed' must be an integer");
        }
        double probability = rate.doubleValue();
        int status =
            intField(failureRate, "failure_rate", "status", VendorKnobs.DEFAULT_FAILURE_STATUS);
        long seed = seedNode == null ? 0L : seedNode.longValue();
        changes.add(k -> k.failureRate(probability, status, seed));
      }
      // The setters check ranges: run the changes on a scratch instance first, so that a bad value
      // leaves the live knobs untouched, then apply them atomically.
      VendorKnobs scratch = new VendorKnobs();
      changes.forEach(change -> change.accept(scratch));
    } catch (IllegalArgumentException e) {
      return knobsError(e.getMessage());
    }
    synchronized (knobs) {
      changes.forEach(change -> change.accept(knobs));
      return Response.json(200, knobs.snapshot(vendor));
    }
  }

  private static void requireObject(JsonNode node, String name, Set<String> fields) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + name + "' must be an object");
    }
    for (String field : node.propertyNames()) {
      if (!fields.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + name + "." + field + "'; known fields: " + fields);
      }
    }
  }

  private static int intField(
      JsonNode object, String name, String field, @Nullable Integer defaultValue) {
    JsonNode node = object.get(field);
    if (node == null) {
      if (defaultValue == null) {
        throw new IllegalArgumentException("'" + name + "." + field + "' is required");
      }
      return defaultValue;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException("'" + name + "." + field + "' must be an integer");
    }
    return node.intValue();
  }

  private static long nonNegativeLong(JsonNode node, String name) {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw new IllegalArgumentException("'" + name + "' must be a non-negative integer");
    }
    return node.longValue();
  }

  private static Response knobsError(@Nullable String message) {
    return Response.json(400, Json.object("error", message));
  }

  // ---- helpers for the vendors ----

  /** Compares an API key in constant time. */
  static boolean keyMatches(@Nullable String presented, String expected) {
    return presented != null
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static ThreadFactory threadFactory(String vendor) {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "mock-" + vendor + "-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
