package fm.seda.benchmarks;

import fm.seda.benchmarks.LoadGenerator.Failed;
import fm.seda.benchmarks.LoadGenerator.Ok;
import fm.seda.benchmarks.LoadGenerator.Outcome;
import fm.seda.benchmarks.LoadGenerator.Settings;
import fm.seda.catalog.GenreTaxonomy;
import fm.seda.demo.DemoData;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import fm.seda.engine.synth.ProgressListener;
import fm.seda.security.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The ranking issue's performance targets, measured through the real HTTP API of a running server
 * with the open-loop {@link LoadGenerator}: a fixed arrival rate, latency from each request's
 * scheduled start, bounded in count and time, loopback only.
 *
 * <ul>
 *   <li>{@code feed}: {@code GET /feed?surface=home} for {@code --users} demo users, round-robin. A
 *       first pass, one request per user, two at a time, ranks each feed and puts it in the
 *       server's feed cache (its latencies are reported apart: the uncached feed, ranked on the
 *       request, or read from the stored snapshot if an earlier run stored one); the open-loop run
 *       then measures the cached feed. Target: 1,000/s, P95 &lt; 20 ms, no errors. The cache keeps
 *       a feed 5 minutes ({@code seda.ranking.cache-ttl}): keep the first pass plus warm-up plus
 *       duration under that (500 users ranked at ~4/s take 2 minutes), or the run's end measures
 *       snapshot reads.
 *   <li>{@code trivial}: {@code GET --path} (default {@code /genres}, public), the same server's
 *       cheap endpoint to compare the feed's throughput with; {@code --auth} sends a demo user's
 *       token (e.g. {@code --path=/me}: authentication and the account lookup, no feed).
 *   <li>{@code events}: {@code POST /events}, {@code --batch} {@code rec_impression} events per
 *       request (unique keys), demo users round-robin; events/s = requests/s × batch. A 200 means
 *       committed; a response whose {@code accepted} is not the batch size is an error. Target: ≥
 *       5,000 events/s sustained.
 *   <li>{@code onboarding}: per operation a fresh user: {@code POST /me}, {@code PUT /me/genres}
 *       (house, techno, disco), then {@code GET /feed} until a module has items (every 100 ms, at
 *       most 50 tries). Latency is the whole sequence. Target: P95 &lt; 2 s.
 * </ul>
 *
 * <p>Run against a server on a seeded data directory (its dev JWT secret signs the tokens):
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; export PATH=$JAVA_HOME/bin:$PATH
 * ./seda seed --profile medium --data-dir /tmp/seda-load
 * ./seda run --port 18090 --data-dir /tmp/seda-load &amp;     # wait for the catalog vectors
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * B="java -cp benchmarks/target/benchmarks.jar fm.seda.benchmarks.ServerLoadBenchmark"
 * $B feed       http://127.0.0.1:18090 /tmp/seda-load medium --users=500 --rate=1000 --warm-up=20 --duration=60
 * $B trivial    http://127.0.0.1:18090 /tmp/seda-load medium --path=/genres --rate=1000 --warm-up=20 --duration=60
 * $B events     http://127.0.0.1:18090 /tmp/seda-load medium --batch=100 --rate=50 --warm-up=10 --duration=60
 * $B onboarding http://127.0.0.1:18090 /tmp/seda-load medium --rate=1 --warm-up=5 --duration=50
 * </pre>
 *
 * Options (defaults): {@code --rate} operations/s (1000), {@code --warm-up} s (20), {@code
 * --duration} measured s (60), {@code --users} (500), {@code --in-flight} (512), {@code --batch}
 * (100), {@code --path} (/genres), {@code --auth}, {@code --timeout} per request s (10). The hard
 * limit is warm-up + duration + 30 s; the feed's first pass stops after 10 minutes.
 */
public final class ServerLoadBenchmark {

  private static final Duration FIRST_PASS_LIMIT = Duration.ofMinutes(10);
  private static final Duration TOKEN_TTL = Duration.ofHours(2);
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  private final URI base;
  private final String secret;
  private final Map<String, String> options;
  private final HttpClient client = LoadGenerator.client();
  private final Duration timeout;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  private ServerLoadBenchmark(URI base, String secret, Map<String, String> options) {
    this.base = base;
    this.secret = secret;
    this.options = options;
    this.timeout = Duration.ofSeconds(number("timeout", 10));
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: ServerLoadBenchmark feed|uncached|trivial|events|onboarding <base-url> <data-dir>"
              + " <profile> [--rate=N] [--warm-up=S] [--duration=S] [--users=N] [--in-flight=N]"
              + " [--batch=N] [--path=/genres] [--auth] [--timeout=S] [--sample-seed=N]"
              + " [--concurrency=N] [--warm-up-users=N]");
      System.exit(2);
    }
    var options = new HashMap<String, String>();
    for (String arg : Arrays.copyOfRange(args, 4, args.length)) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("options look like --name=value, not " + arg);
      }
      int eq = arg.indexOf('=');
      options.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq),
          eq < 0 ? "true" : arg.substring(eq + 1));
    }
    var benchmark =
        new ServerLoadBenchmark(
            LoadGenerator.loopback(args[1]), DevTokens.devSecret(Path.of(args[2])), options);
    String scenario = args[0];
    DemoProfile profile = DemoProfile.fromId(args[3]);
    System.out.printf(
        Locale.ROOT,
        "ServerLoadBenchmark %s %s  %s  java %s  load average %s%n",
        scenario,
        String.join(" ", Arrays.copyOfRange(args, 1, args.length)),
        Instant.now(),
        Runtime.version(),
        loadAverage());
    LoadGenerator.Report report =
        switch (scenario) {
          case "feed" -> benchmark.feed(profile);
          case "uncached" -> benchmark.uncached(profile);
          case "trivial" -> benchmark.trivial(profile);
          case "events" -> benchmark.events(profile);
          case "onboarding" -> benchmark.onboarding();
          default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    if (report != null) {
      System.out.print(report.format());
    }
    if (scenario.equals("events")) {
      System.out.printf(
          Locale.ROOT,
          "events: %.0f committed events/s (%d per request)%n",
          report.okPerSecond() * benchmark.number("batch", 100),
          benchmark.number("batch", 100));
    }
    System.out.printf(Locale.ROOT, "load average at the end %s%n", loadAverage());
    System.exit(0); // the HTTP client's selector thread would keep the JVM up a while
  }

  // ---- scenarios

  private LoadGenerator.Report feed(DemoProfile profile) throws Exception {
    List<String> tokens = demoTokens(profile);
    URI feed = base.resolve("/feed?surface=home");
    firstPass(tokens, feed, 2, 0);
    return generator()
        .run(
            LoadGenerator.http(
                client, seq -> get(feed, tokens.get((int) (seq % tokens.size()))), timeout));
  }

  /**
   * Each user's feed ranked on request, one request at a time ({@code --concurrency}, default 1):
   * the whole pipeline's latency for one user. Needs users with no stored feed yet (a fresh seed,
   * before the nightly batch). The first {@code --warm-up-users} requests are not recorded.
   */
  private LoadGenerator.@Nullable Report uncached(DemoProfile profile) throws Exception {
    firstPass(
        demoTokens(profile),
        base.resolve("/feed?surface=home"),
        number("concurrency", 1),
        number("warm-up-users", 0));
    return null;
  }

  private LoadGenerator.Report trivial(DemoProfile profile) throws Exception {
    URI uri = base.resolve(options.getOrDefault("path", "/genres"));
    List<String> tokens = options.containsKey("auth") ? demoTokens(profile) : List.of();
    return generator()
        .run(
            LoadGenerator.http(
                client,
                seq -> get(uri, tokens.isEmpty() ? null : tokens.get((int) (seq % tokens.size()))),
                timeout));
  }

  private LoadGenerator.Report events(DemoProfile profile) throws Exception {
    List<String> tokens = demoTokens(profile);
    int batch = number("batch", 100);
    URI uri = base.resolve("/events");
    return generator()
        .run(
            sequence ->
                client
                    .sendAsync(
                        HttpRequest.newBuilder(uri)
                            .header(
                                "Authorization",
                                "Bearer " + tokens.get((int) (sequence % tokens.size())))
                            .header("Content-Type", "application/json")
                            .timeout(timeout)
                            .POST(HttpRequest.BodyPublishers.ofString(eventBatch(sequence, batch)))
                            .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> allAccepted(response, batch)));
  }

  /** {@code batch} impressions with keys unique to this run, sequence and index. */
  private String eventBatch(long sequence, int batch) {
    String now = Instant.now().toString();
    var json = new StringBuilder(batch * 260).append("{\"events\":[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"type\":\"rec_impression\",\"idempotency_key\":\"load-")
          .append(runId)
          .append('-')
          .append(sequence)
          .append('-')
          .append(i)
          .append("\",\"occurred_at\":\"")
          .append(now)
          .append("\",\"properties\":{\"recommendation_id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"entity_type\":\"room\",\"entity_id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"surface\":\"home\"}}");
    }
    return json.append("]}").toString();
  }

  private static Outcome allAccepted(HttpResponse<byte[]> response, int batch) {
    Outcome outcome = LoadGenerator.outcome(response);
    if (outcome instanceof Ok) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      Matcher accepted = ACCEPTED.matcher(body);
      if (!accepted.find() || Integer.parseInt(accepted.group(1)) != batch) {
        return new Failed("not all accepted", body);
      }
    }
    return outcome;
  }

  /** Per-step timings of the onboarding runs, for the breakdown printed after the run. */
  private final ConcurrentLinkedQueue<long[]> steps = new ConcurrentLinkedQueue<>();

  private LoadGenerator.Report onboarding() throws InterruptedException {
    String genres = "{\"genres\":[\"house\",\"techno\",\"disco\"]}";
    LoadGenerator.Report report =
        generator()
            .run(
                sequence -> {
                  String token =
                      DevTokens.mint(
                          secret, DevTokens.DEV_ISSUER, "onb-" + runId + "-" + sequence, TOKEN_TTL);
                  long started = System.nanoTime();
                  long[] marks = new long[4];
                  return step(
                          "POST /me",
                          authorized(base.resolve("/me"), token)
                              .POST(HttpRequest.BodyPublishers.noBody())
                              .build())
                      .thenCompose(
                          ignored -> {
                            marks[0] = System.nanoTime() - started;
                            return step(
                                "PUT /me/genres",
                                authorized(base.resolve("/me/genres"), token)
                                    .header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString(genres))
                                    .build());
                          })
                      .thenCompose(
                          ignored -> {
                            marks[1] = System.nanoTime() - started;
                            return firstNonEmptyFeed(token, 1);
                          })
                      .thenApply(
                          tries -> {
                            marks[2] = System.nanoTime() - started;
                            marks[3] = tries;
                            if (sequence >= generatorSettings().warmUpCount()) {
                              steps.add(marks);
                            }
                            return (Outcome) new Ok(0);
                          })
                      .exceptionally(ServerLoadBenchmark::onboardingFailed);
                });
    printSteps();
    return report;
  }

  private static final int FEED_TRIES = 50;

  /** Resolves to the number of tries it took to get a feed with at least one item. */
  private CompletableFuture<Integer> firstNonEmptyFeed(String token, int attempt) {
    return client
        .sendAsync(
            authorized(base.resolve("/feed?surface=home"), token).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            response -> {
              if (response.statusCode() != 200) {
                throw new StepFailed("GET /feed HTTP " + response.statusCode(), response.body());
              }
              if (response.body().contains("\"items\":[{")) {
                return CompletableFuture.completedFuture(attempt);
              }
              if (attempt >= FEED_TRIES) {
                throw new StepFailed("GET /feed empty " + FEED_TRIES + " times", response.body());
              }
              return CompletableFuture.supplyAsync(
                      () -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> firstNonEmptyFeed(token, attempt + 1));
            });
  }

  private CompletableFuture<String> step(String name, HttpRequest request) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() / 100 != 2) {
                throw new StepFailed(name + " HTTP " + response.statusCode(), response.body());
              }
              return response.body();
            });
  }

  /** A failed onboarding step: the error's kind, and the response body as its sample. */
  private static final class StepFailed extends RuntimeException {
    private final String kind;

    StepFailed(String kind, String body) {
      super(body.length() > 300 ? body.substring(0, 300) + "…" : body);
      this.kind = kind;
    }
  }

  private static Outcome onboardingFailed(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof StepFailed)) {
      cause = cause.getCause();
    }
    return cause instanceof StepFailed step
        ? new Failed(step.kind, String.valueOf(step.getMessage()))
        : LoadGenerator.failed(failure);
  }

  private void printSteps() {
    if (steps.isEmpty()) {
      return;
    }
    long[][] rows = steps.toArray(long[][]::new);
    String[] names = {"POST /me", "+ PUT /me/genres", "+ GET /feed (first non-empty)"};
    for (int column = 0; column < 3; column++) {
      int c = column;
      long[] sorted = Arrays.stream(rows).mapToLong(r -> r[c] / 1_000).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "onboarding until %-30s P50 %.1f ms  P95 %.1f ms  max %.1f ms%n",
          names[column],
          LoadGenerator.percentile(sorted, 0.5) / 1000.0,
          LoadGenerator.percentile(sorted, 0.95) / 1000.0,
          LoadGenerator.percentile(sorted, 1.0) / 1000.0);
    }
    long moreThanOne = Arrays.stream(rows).filter(r -> r[3] > 1).count();
    System.out.printf(
        Locale.ROOT,
        "onboarding feeds non-empty on the first GET: %d of %d%n",
        rows.length - moreThanOne,
        rows.length);
  }

  // ---- the feed's first pass

  /**
   * One request per user, {@code concurrency} at a time (a closed loop: this is the ranking cost,
   * not a rate): every feed is ranked and cached before the open-loop run. The first {@code
   * unrecorded} requests warm the server up and are left out of the figures.
   */
  private void firstPass(List<String> tokens, URI feed, int concurrency, int unrecorded)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long deadline = System.nanoTime() + FIRST_PASS_LIMIT.toNanos();
    var futures = new ArrayList<Future<long[]>>();
    for (String token : tokens) {
      futures.add(
          pool.submit(
              () -> {
                if (System.nanoTime() > deadline) {
                  return new long[] {-1, 0, 0};
                }
                long start = System.nanoTime();
                HttpResponse<String> response =
                    client.send(get(feed, token), HttpResponse.BodyHandlers.ofString());
                long micros = (System.nanoTime() - start) / 1_000;
                boolean empty = !response.body().contains("\"items\":[{");
                if (response.statusCode() != 200) {
                  System.out.println(
                      "first pass: HTTP " + response.statusCode() + " " + response.body());
                }
                return new long[] {micros, response.statusCode(), empty ? 1 : 0};
              }));
    }
    var latencies = new ArrayList<Long>();
    int errors = 0;
    int skipped = 0;
    int empty = 0;
    for (int i = 0; i < futures.size(); i++) {
      long[] r = futures.get(i).get();
      if (i < unrecorded) {
        continue;
      }
      if (r[0] < 0) {
        skipped++;
      } else if (r[1] != 200) {
        errors++;
      } else {
        latencies.add(r[0]);
        empty += (int) r[2];
      }
    }
    pool.shutdown();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalStateException("first pass: no feed served (" + errors + " errors)");
    }
    System.out.printf(
        Locale.ROOT,
        "first pass (ranks and caches each user's feed; closed loop, %d at a time, %d warm-up"
            + " requests left out): %d feeds, %d errors, %d skipped at the time limit,"
            + " %d without items; P50 %.1f ms  P95 %.1f ms  P99 %.1f ms  max %.1f ms%n",
        concurrency,
        Math.min(unrecorded, futures.size()),
        sorted.length,
        errors,
        skipped,
        empty,
        LoadGenerator.percentile(sorted, 0.5) / 1000.0,
        LoadGenerator.percentile(sorted, 0.95) / 1000.0,
        LoadGenerator.percentile(sorted, 0.99) / 1000.0,
        LoadGenerator.percentile(sorted, 1.0) / 1000.0);
  }

  // ---- helpers

  /** Tokens of {@code --users} demo users, a fixed-seed sample of the seeded world. */
  private List<String> demoTokens(DemoProfile profile) {
    List<GenreRef> genres =
        GenreTaxonomy.bundled().genres().stream()
            .map(g -> new GenreRef(g.family(), g.name()))
            .toList();
    var users =
        new ArrayList<>(
            DemoWorld.generate(profile, genres, DemoData.SEED, ProgressListener.NONE).users());
    // another --sample-seed picks other users (an uncached run needs users not ranked before)
    Collections.shuffle(users, new Random(number("sample-seed", 4242)));
    int count = Math.min(number("users", 500), users.size());
    return users.subList(0, count).stream()
        .map(u -> DevTokens.mint(secret, DevTokens.DEV_ISSUER, u.handle(), TOKEN_TTL))
        .toList();
  }

  private HttpRequest get(URI uri, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  private HttpRequest.Builder authorized(URI uri, String token) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
  }

  private Settings generatorSettings() {
    Duration warmUp = Duration.ofSeconds(number("warm-up", 20));
    Duration measured = Duration.ofSeconds(number("duration", 60));
    return new Settings(
        Double.parseDouble(options.getOrDefault("rate", "1000")),
        warmUp,
        measured,
        warmUp.plus(measured).plusSeconds(30),
        number("in-flight", 512));
  }

  private LoadGenerator generator() {
    return new LoadGenerator(generatorSettings());
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
