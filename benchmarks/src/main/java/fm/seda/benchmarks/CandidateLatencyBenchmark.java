package fm.seda.benchmarks;

import fm.seda.catalog.GenreTaxonomy;
import fm.seda.demo.DemoData;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import fm.seda.engine.synth.ProgressListener;
import fm.seda.security.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Candidate generation latency through the real HTTP API of a running server: {@code GET
 * /me/candidates} for a seeded sample of the demo world's users, one request at a time (the cost of
 * one user's full candidate stage: every source and every feature), bounded in count and time.
 * Reports P50/P95/P99, the mean number of candidates, and errors, for EU and non-EU users apart.
 *
 * <p>Run against a server on a seeded data directory (its dev JWT secret signs the tokens):
 *
 * <pre>
 * ./seda seed --profile large --data-dir /tmp/seda-large
 * ./seda run --port 18081 --data-dir /tmp/seda-large &amp;   # wait for catalog vectors and the models
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar fm.seda.benchmarks.CandidateLatencyBenchmark \
 *     http://127.0.0.1:18081 /tmp/seda-large large 1000 50
 * </pre>
 *
 * Arguments: base URL (loopback only), data directory, profile, requests (after 50 warm-up
 * requests), candidates per source and type. Stops after 10 minutes whatever the count.
 */
public final class CandidateLatencyBenchmark {

  private static final int WARM_UP = 50;
  private static final Duration TIME_LIMIT = Duration.ofMinutes(10);

  private CandidateLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: CandidateLatencyBenchmark <base-url> <data-dir> <profile> <requests> <per-source>");
      System.exit(2);
    }
    URI base = URI.create(args[0]);
    if (!List.of("127.0.0.1", "localhost", "[::1]").contains(base.getHost())) {
      throw new IllegalArgumentException("load tests hit loopback only, not " + base.getHost());
    }
    String secret = DevTokens.devSecret(Path.of(args[1]));
    DemoProfile profile = DemoProfile.fromId(args[2]);
    int requests = Integer.parseInt(args[3]);
    int perSource = Integer.parseInt(args[4]);

    List<GenreRef> genres =
        GenreTaxonomy.bundled().genres().stream()
            .map(g -> new GenreRef(g.family(), g.name()))
            .toList();
    List<DemoWorld.User> users =
        DemoWorld.generate(profile, genres, DemoData.SEED, ProgressListener.NONE).users();
    var random = new SplittableRandom(4242);
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var eu = new ArrayList<Long>();
    var nonEu = new ArrayList<Long>();
    long candidates = 0;
    int errors = 0;
    long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    for (int n = 0; n < WARM_UP + requests && System.nanoTime() < deadline; n++) {
      DemoWorld.User user = users.get(random.nextInt(users.size()));
      String token =
          DevTokens.mint(secret, DevTokens.DEV_ISSUER, user.handle(), Duration.ofHours(1));
      HttpRequest request =
          HttpRequest.newBuilder(
                  base.resolve(
                      "/me/candidates?entity_type=room,playlist,artist,person&per_source="
                          + perSource))
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(10))
              .build();
      long start = System.nanoTime();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      long micros = (System.nanoTime() - start) / 1_000;
      if (n < WARM_UP) {
        continue;
      }
      if (response.statusCode() != 200) {
        errors++;
        if (errors <= 3) {
          System.err.println("HTTP " + response.statusCode() + ": " + response.body());
        }
        continue;
      }
      candidates += response.body().split("\"entity_id\"", -1).length - 1;
      (user.eu() ? eu : nonEu).add(micros);
    }
    int ok = eu.size() + nonEu.size();
    System.out.printf(
        "profile %s, %d requests after %d warm-up, %d errors, %.1f candidates per response%n",
        profile.id(), ok + errors, WARM_UP, errors, ok == 0 ? 0.0 : (double) candidates / ok);
    report("all", concat(eu, nonEu));
    report("eu", eu);
    report("non-eu", nonEu);
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void report(String label, List<Long> micros) {
    if (micros.isEmpty()) {
      System.out.printf("%-7s no requests%n", label);
      return;
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "%-7s n=%d  P50 %.1f ms  P95 %.1f ms  P99 %.1f ms  mean %.1f ms%n",
        label,
        sorted.length,
        at(sorted, 0.50),
        at(sorted, 0.95),
        at(sorted, 0.99),
        Arrays.stream(sorted).average().orElse(0) / 1000);
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }
}
