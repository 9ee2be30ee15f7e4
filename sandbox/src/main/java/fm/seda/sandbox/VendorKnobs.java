package fm.seda.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Latency and failure knobs of one mock vendor server, plus what the server has seen. Every mock
 * server owns one instance, reachable from Java ({@code server.knobs()}) and over HTTP ({@code GET}
 * and {@code POST /__sandbox/knobs} on the server itself, see {@link MockOpenAiServer}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Latency</b> ({@link #latency(Duration)}) is slept before every answer on the vendor's
 *       paths, errors included; requests are served by a pool of 8 threads, so a latency does not
 *       serialize concurrent requests (up to 8 run at once; more wait in line). The {@code
 *       /__sandbox/knobs} path is never delayed.
 *   <li><b>Injected failures</b> apply to requests on the vendor's endpoint that passed
 *       authentication (a wrong key still answers 401 and consumes nothing), before the body is
 *       validated. Precedence: {@link #rateLimitNext pending rate limits}, then {@link #failNext
 *       pending failures}, then the {@link #failureRate random failure rate}. Bodies use the
 *       vendor's own error shape.
 *   <li><b>Counters</b>: {@link #requestCount()} counts every request on the vendor's paths
 *       (whatever the outcome, knobs path excluded); {@link #inputsServed()} counts the inputs
 *       embedded in successful answers. The last {@value #MAX_RECORDED} requests are kept.
 *   <li>{@link #reset()} restores the defaults and clears counters and recorded requests.
 * </ul>
 *
 * <p>Over HTTP (no auth; answered only to loopback clients), {@code GET /__sandbox/knobs} returns
 * the knobs and counters and {@code POST /__sandbox/knobs} changes them and returns the same
 * document:
 *
 * <pre>{@code
 * GET  -> {"vendor":"openai","latency_ms":0,"fail_next":{"count":0,"status":500},
 *          "rate_limit_next":{"count":0,"retry_after_seconds":1},
 *          "failure_rate":{"rate":0.0,"status":500,"seed":0},
 *          "request_count":0,"inputs_served":0}
 * POST <- {"latency_ms":200,"fail_next":{"count":3,"status":503},
 *          "rate_limit_next":{"count":2,"retry_after_seconds":1},
 *          "failure_rate":{"rate":0.1,"status":500,"seed":7},"reset":true}
 * }</pre>
 *
 * Every POST field is optional; {@code reset} is applied first, then the others. {@code
 * fail_next.status} and {@code failure_rate.status} default to 500, {@code
 * rate_limit_next.retry_after_seconds} to 1 and {@code failure_rate.seed} to 0. An unknown field or
 * an out-of-range value answers 400 {@code {"error":"..."}} and changes nothing.
 *
 * <p>Thread-safe: all methods synchronize on this instance. Setters return {@code this} for
 * chaining and throw {@link IllegalArgumentException} on out-of-range values.
 */
public final class VendorKnobs {

  /** How many recent requests are kept for {@link #recordedRequests()}. */
  public static final int MAX_RECORDED = 256;

  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  static final int DEFAULT_FAILURE_STATUS = 500;

  /** A request as the server received it; header names are matched case-insensitively. */
  public record RecordedRequest(
      String method, String path, Map<String, List<String>> headers, String body) {

    public RecordedRequest {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      headers = caseInsensitiveCopy(headers);
      Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, or null when absent. */
    public @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.getFirst();
    }
  }

  /** What the next request must answer instead of being served; package-private. */
  record Fault(int status, @Nullable Duration retryAfter) {}

  private Duration latency = Duration.ZERO;
  private int failNextCount;
  private int failNextStatus = DEFAULT_FAILURE_STATUS;
  private int rateLimitCount;
  private Duration retryAfter = DEFAULT_RETRY_AFTER;
  private double failureRate;
  private int failureRateStatus = DEFAULT_FAILURE_STATUS;
  private long failureRateSeed;
  private SplittableRandom failureRandom = new SplittableRandom(0);
  private int requestCount;
  private long inputsServed;
  private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();

  VendorKnobs() {}

  /** Sleeps {@code latency} before every answer; {@link Duration#ZERO} turns it off. */
  public synchronized VendorKnobs latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    this.latency = latency;
    return this;
  }

  /** The current added latency. */
  public synchronized Duration latency() {
    return latency;
  }

  /**
   * The next {@code count} authenticated embedding requests answer {@code status} (400–599) with a
   * body in the vendor's error shape. Replaces any pending {@code failNext}; a count of 0 clears
   * it.
   */
  public synchronized VendorKnobs failNext(int count, int status) {
    requireCount(count);
    requireErrorStatus(status);
    this.failNextCount = count;
    this.failNextStatus = status;
    return this;
  }

  /**
   * Each authenticated embedding request that no pending rate limit or {@code failNext} claims
   * fails with {@code status} with probability {@code rate} (0–1), drawn from a generator seeded
   * with {@code seed}, so a sequence of outcomes is reproducible. A rate of 0 turns it off.
   */
  public synchronized VendorKnobs failureRate(double rate, int status, long seed) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
    }
    requireErrorStatus(status);
    this.failureRate = rate;
    this.failureRateStatus = status;
    this.failureRateSeed = seed;
    this.failureRandom = new SplittableRandom(seed);
    return this;
  }

  /**
   * The next {@code count} authenticated embedding requests answer 429 with a {@code Retry-After}
   * header of {@code retryAfter} rounded up to whole seconds, and the vendor's rate-limit body.
   * Replaces any pending rate limit; a count of 0 clears it.
   */
  public synchronized VendorKnobs rateLimitNext(int count, Duration retryAfter) {
    requireCount(count);
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    this.rateLimitCount = count;
    this.retryAfter = retryAfter;
    return this;
  }

  /** Restores every knob to its default and clears the counters and recorded requests. */
  public synchronized VendorKnobs reset() {
    latency = Duration.ZERO;
    failNextCount = 0;
    failNextStatus = DEFAULT_FAILURE_STATUS;
    rateLimitCount = 0;
    retryAfter = DEFAULT_RETRY_AFTER;
    failureRate = 0.0;
    failureRateStatus = DEFAULT_FAILURE_STATUS;
    failureRateSeed = 0;
    failureRandom = new SplittableRandom(0);
    requestCount = 0;
    inputsServed = 0;
    recorded.clear();
    return this;
  }

  /** Requests received on the vendor's paths since start or the last {@link #reset()}. */
  public synchronized int requestCount() {
    return requestCount;
  }

  /** Inputs (texts) embedded in successful answers since start or the last {@link #reset()}. */
  public synchronized long inputsServed() {
    return inputsServed;
  }

  /** Headers of the last request (case-insensitive keys), or an empty map before any request. */
  public synchronized Map<String, List<String>> lastRequestHeaders() {
    RecordedRequest last = recorded.peekLast();
    return last == null ? Map.of() : last.headers();
  }

  /** Body of the last request as UTF-8 text, or null before any request. */
  public synchronized @Nullable String lastRequestBody() {
    RecordedRequest last = recorded.peekLast();
    return last == null ? null : last.body();
  }

  /** The last {@value #MAX_RECORDED} requests, oldest first. */
  public synchronized List<RecordedRequest> recordedRequests() {
    return List.copyOf(recorded);
  }

  // ---- package-private: used by the servers ----

  synchronized void record(RecordedRequest request) {
    requestCount++;
    if (recorded.size() == MAX_RECORDED) {
      recorded.removeFirst();
    }
    recorded.addLast(request);
  }

  /** Consumes and returns the fault the current request must answer, or null to serve it. */
  synchronized @Nullable Fault nextFault() {
    if (rateLimitCount > 0) {
      rateLimitCount--;
      return new Fault(429, retryAfter);
    }
    if (failNextCount > 0) {
      failNextCount--;
      return new Fault(failNextStatus, null);
    }
    if (failureRate > 0.0 && failureRandom.nextDouble() < failureRate) {
      return new Fault(failureRateStatus, null);
    }
    return null;
  }

  synchronized void served(int inputs) {
    inputsServed += inputs;
  }

  /** Knobs and counters in the JSON shape of {@code GET /__sandbox/knobs}. */
  synchronized Map<String, @Nullable Object> snapshot(String vendor) {
    return Json.object(
        "vendor", vendor,
        "latency_ms", latency.toMillis(),
        "fail_next", Json.object("count", failNextCount, "status", failNextStatus),
        "rate_limit_next",
            Json.object("count", rateLimitCount, "retry_after_seconds", retryAfterSeconds()),
        "failure_rate",
            Json.object("rate", failureRate, "status", failureRateStatus, "seed", failureRateSeed),
        "request_count", requestCount,
        "inputs_served", inputsServed);
  }

  synchronized long retryAfterSeconds() {
    return retryAfterSeconds(retryAfter);
  }

  static long retryAfterSeconds(Duration retryAfter) {
    long millis = retryAfter.toMillis();
    return (millis + 999) / 1000;
  }

  private static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }

  private static void requireErrorStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an HTTP error status (400-599): " + status);
    }
  }

  private static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if (name != null) {
            copy.merge(
                name,
                List.copyOf(values),
                (a, b) -> {
                  List<String> merged = new ArrayList<>(a);
                  merged.addAll(b);
                  return List.copyOf(merged);
                });
          }
        });
    return Collections.unmodifiableMap(copy);
  }
}
