package fm.seda.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An open-loop load generator: operations start at a fixed arrival rate whatever the server does,
 * and each one's latency is measured from the instant it was <em>scheduled</em> to start, not from
 * when it was sent. A closed loop (send, wait, send) slows down with a slow server and records only
 * the requests it managed to send, so a stall shows up as one slow request instead of the hundreds
 * that would have queued behind it ("coordinated omission", Gil Tene, <i>How NOT to Measure
 * Latency</i>, 2013; wrk2 and HdrHistogram correct for it the same way).
 *
 * <p>Bounded three ways: operations scheduled in the warm-up are run but not recorded; those of the
 * measured period that follows are recorded; whatever has not finished by the hard time limit (from
 * the start) counts as an error of kind {@code unfinished at time limit}. At most {@code
 * maxInFlight} operations run at once: an operation due while the bound is reached is not started
 * and counts as an error of kind {@code in-flight limit} (the generator never queues, which would
 * hide the wait). What an operation is, is pluggable ({@link Operation}); {@link #http} adapts
 * {@link HttpClient} requests, and refuses any host but loopback.
 *
 * <p>Percentiles are exact (nearest rank over every recorded latency), which is affordable at the
 * counts a bounded run produces: 100,000 latencies are 800 kB.
 */
public final class LoadGenerator {

  /** One unit of load (a request, or a sequence of them), started asynchronously. */
  @FunctionalInterface
  public interface Operation {
    /**
     * Starts the operation with this sequence number (0, 1, 2, … in schedule order), without
     * blocking. Called on the generator's single scheduling thread.
     */
    CompletableFuture<Outcome> start(long sequence);
  }

  /** How an operation ended. A failed future is an error named by its exception. */
  public sealed interface Outcome permits Ok, Failed {}

  /** Success, with the bytes received (for the report's mean response size). */
  public record Ok(long bytes) implements Outcome {}

  /** A failure of a {@code kind} (e.g. {@code HTTP 503}), with a sample of what came back. */
  public record Failed(String kind, String sample) implements Outcome {}

  /**
   * @param ratePerSecond operations started per second, open loop
   * @param warmUp run, not recorded
   * @param measured run and recorded, after the warm-up
   * @param hardLimit from the start: operations still running then are errors
   * @param maxInFlight operations running at once; one more is refused and counted as an error
   */
  public record Settings(
      double ratePerSecond,
      Duration warmUp,
      Duration measured,
      Duration hardLimit,
      int maxInFlight) {

    public Settings {
      if (!(ratePerSecond > 0) || maxInFlight < 1) {
        throw new IllegalArgumentException("rate and in-flight bound must be positive");
      }
      if (hardLimit.compareTo(warmUp.plus(measured)) < 0) {
        throw new IllegalArgumentException("the hard limit ends before the measured period");
      }
    }

    long scheduled() {
      return (long) Math.ceil(ratePerSecond * (warmUp.toNanos() + measured.toNanos()) / 1e9);
    }

    long warmUpCount() {
      return (long) Math.ceil(ratePerSecond * warmUp.toNanos() / 1e9);
    }
  }

  /**
   * What a run measured, over the operations scheduled in the measured period.
   *
   * @param scheduled operations due in the measured period
   * @param sent of those, started (the rest hit the in-flight bound)
   * @param ok finished successfully
   * @param errors by kind, most frequent first; {@code ok + errors} is {@code scheduled}
   * @param samples one sample of what came back for each error kind
   * @param okPerSecond successes divided by the measured period plus the time its last operation
   *     took to finish after it (so a server that falls behind shows a lower figure)
   * @param latencyMicros of the successes, from the scheduled start, sorted ascending
   * @param maxSendLagMicros how late the generator itself started an operation, at worst (a large
   *     value means the generator, not the server, was short of CPU)
   * @param warmUpErrors operations of the warm-up that failed or were refused (not in {@code
   *     errors})
   */
  public record Report(
      Settings settings,
      long scheduled,
      long sent,
      long ok,
      Map<String, Long> errors,
      Map<String, String> samples,
      double okPerSecond,
      long[] latencyMicros,
      double meanBytes,
      long maxSendLagMicros,
      long warmUpErrors) {

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Nearest-rank percentile in milliseconds ({@code q} in 0..1), NaN without successes. */
    public double percentileMillis(double q) {
      return latencyMicros.length == 0 ? Double.NaN : percentile(latencyMicros, q) / 1000.0;
    }

    public String format() {
      var out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "offered %.1f/s for %ds (after %ds warm-up), in-flight bound %d%n",
              settings.ratePerSecond(),
              settings.measured().toSeconds(),
              settings.warmUp().toSeconds(),
              settings.maxInFlight()));
      out.append(
          String.format(
              Locale.ROOT,
              "scheduled %d  sent %d  ok %d  errors %d  achieved %.1f ok/s  mean response %.0f B"
                  + "  max send lag %.1f ms  (warm-up errors %d)%n",
              scheduled,
              sent,
              ok,
              errorCount(),
              okPerSecond,
              meanBytes,
              maxSendLagMicros / 1000.0,
              warmUpErrors));
      out.append(
          String.format(
              Locale.ROOT,
              "latency from scheduled start: P50 %.2f ms  P95 %.2f ms  P99 %.2f ms  max %.2f ms%n",
              percentileMillis(0.50),
              percentileMillis(0.95),
              percentileMillis(0.99),
              percentileMillis(1.0)));
      errors.forEach(
          (kind, count) ->
              out.append(
                  String.format(
                      Locale.ROOT,
                      "error %-28s %d   e.g. %s%n",
                      kind,
                      count,
                      samples.getOrDefault(kind, ""))));
      return out.toString();
    }
  }

  private final Settings settings;

  public LoadGenerator(Settings settings) {
    this.settings = settings;
  }

  /** Runs the schedule to the end (or the hard limit) and reports the measured period. */
  public Report run(Operation operation) throws InterruptedException {
    long total = settings.scheduled();
    long firstMeasured = settings.warmUpCount();
    int measuredCount = Math.toIntExact(total - firstMeasured);
    long intervalNanos = Math.round(1e9 / settings.ratePerSecond());
    // one slot per measured operation, written once by whichever thread completes it
    long[] latencies = new long[measuredCount];
    Arrays.fill(latencies, -1);
    var errors = new ConcurrentHashMap<String, LongAdder>();
    var samples = new ConcurrentHashMap<String, String>();
    var sent = new LongAdder();
    var bytes = new LongAdder();
    var lastCompletion = new AtomicLong();
    var warmUpErrors = new LongAdder();
    var inFlight = new Semaphore(settings.maxInFlight());
    long maxLag = 0;
    long notStarted = 0;

    long start = System.nanoTime() + 50_000_000; // a moment to get the first one on time
    long measuredStart = start + firstMeasured * intervalNanos;
    long deadline = start + settings.hardLimit().toNanos();
    for (long seq = 0; seq < total; seq++) {
      long due = start + seq * intervalNanos;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      if (now > deadline) {
        // the generator itself fell behind past the limit: the rest are not started
        notStarted = total - Math.max(seq, firstMeasured);
        break;
      }
      boolean measured = seq >= firstMeasured;
      int slot = (int) (seq - firstMeasured);
      if (measured) {
        maxLag = Math.max(maxLag, now - due);
      }
      if (!inFlight.tryAcquire()) {
        if (measured) {
          count(errors, samples, "in-flight limit", settings.maxInFlight() + " running");
        } else {
          warmUpErrors.increment();
        }
        continue;
      }
      if (measured) {
        sent.increment();
      }
      CompletableFuture<Outcome> future;
      try {
        future = operation.start(seq);
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete(
          (outcome, failure) -> {
            long finished = System.nanoTime();
            try {
              if (!measured) {
                if (failure != null || outcome instanceof Failed) {
                  warmUpErrors.increment();
                }
                return;
              }
              lastCompletion.accumulateAndGet(finished, Math::max);
              Outcome result = failure == null ? outcome : failed(failure);
              switch (result) {
                case Ok ok -> {
                  bytes.add(ok.bytes());
                  latencies[slot] = (finished - due) / 1_000;
                }
                case Failed f -> count(errors, samples, f.kind(), f.sample());
              }
            } finally {
              inFlight.release();
            }
          });
    }
    // wait for what is running, up to the hard limit; the semaphore's release/acquire makes the
    // completing threads' writes to latencies visible here
    long left = deadline - System.nanoTime();
    boolean drained =
        inFlight.tryAcquire(settings.maxInFlight(), Math.max(0, left), TimeUnit.NANOSECONDS);

    long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    long recordedErrors = errors.values().stream().mapToLong(LongAdder::sum).sum();
    long unfinished = measuredCount - ok.length - recordedErrors - notStarted;
    if (!drained && unfinished > 0) {
      errors.computeIfAbsent("unfinished at time limit", k -> new LongAdder()).add(unfinished);
    }
    if (notStarted > 0) {
      errors.computeIfAbsent("not started by time limit", k -> new LongAdder()).add(notStarted);
    }
    long end = Math.max(lastCompletion.get(), measuredStart + settings.measured().toNanos());
    double seconds = (end - measuredStart) / 1e9;
    Map<String, Long> errorCounts = new java.util.LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum())
                .reversed())
        .forEach(e -> errorCounts.put(e.getKey(), e.getValue().sum()));
    return new Report(
        settings,
        measuredCount,
        sent.sum(),
        ok.length,
        errorCounts,
        Map.copyOf(samples),
        ok.length / seconds,
        ok,
        ok.length == 0 ? 0 : (double) bytes.sum() / ok.length,
        maxLag / 1_000,
        warmUpErrors.sum());
  }

  /**
   * Nearest-rank percentile of ascending values: the smallest value with at least {@code q} of all
   * values at or below it ({@code q} = 1 is the maximum).
   */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void count(
      Map<String, LongAdder> errors, Map<String, String> samples, String kind, String sample) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    samples.putIfAbsent(kind, sample);
  }

  static Failed failed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return new Failed(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
  }

  // ---- HTTP

  /** The only hosts a load test may hit. */
  static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

  /** Refuses any base URL that is not on this machine. */
  public static URI loopback(String baseUrl) {
    URI base = URI.create(baseUrl);
    if (!LOOPBACK.contains(base.getHost())) {
      throw new IllegalArgumentException("load tests hit loopback only, not " + base.getHost());
    }
    return base;
  }

  /** An HTTP/1.1 client (plain-text HTTP/2 would first try an upgrade on every new connection). */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /**
   * One HTTP request per operation: {@code requests} builds the request for a sequence number; a
   * 2xx is {@link Ok}, anything else a {@link Failed} of kind {@code HTTP <status>} with the start
   * of its body as the sample. Each request is given {@code timeout}.
   */
  public static Operation http(
      HttpClient client, Function<Long, HttpRequest> requests, Duration timeout) {
    return sequence -> {
      HttpRequest request = requests.apply(sequence);
      if (!LOOPBACK.contains(request.uri().getHost())) {
        throw new IllegalArgumentException("not loopback: " + request.uri());
      }
      HttpRequest timed =
          HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
      return client
          .sendAsync(timed, HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(LoadGenerator::outcome);
    };
  }

  static Outcome outcome(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Ok(response.body().length);
    }
    String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    return new Failed(
        "HTTP " + status,
        response.request().method()
            + " "
            + response.request().uri().getPath()
            + " -> "
            + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
  }
}
