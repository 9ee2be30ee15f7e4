package fm.seda.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nightly batch's rate on a running server: queues {@code rank-feeds-all} in every region
 * ({@code POST /admin/jobs/rank-feeds-all/run}), lets it warm up, then reads the server's {@code
 * seda_feed_batch_ranked_total} counters at the start and end of a measured period and reports
 * feeds/s per region, the time all {@code --users} would take at that rate, and its ratio to the
 * 10-minute target. It stops by itself; the batch goes on in the server until done (pause it with
 * {@code POST /admin/jobs/rank-feeds-all/pause}).
 *
 * <p>With {@code --whole} it measures the batch itself instead: the time from queueing it until
 * {@code --users} feeds are ranked in all, cold start and all, and when each region finished. That
 * is the target's own measure; a rate over a window overstates it when one region has more users
 * than the other and ranks on alone at the end, and leaves out the cold first minute (measured on
 * {@code large}: 10.1–10.3 min from 240-s windows, 11.5 min whole). It gives up after {@code
 * --timeout} seconds (default 3600).
 *
 * <pre>
 * SEDA_TOKEN=$(./seda token --data-dir DIR --user ops --role admin | tail -1) \
 *   ./seda bench batch http://127.0.0.1:18081 --users=100000 --warm-up=150 --duration=120
 * SEDA_TOKEN=... ./seda bench batch http://127.0.0.1:18081 --users=100000 --whole
 * </pre>
 */
public final class BatchBenchmark {

  private static final Pattern RANKED =
      Pattern.compile(
          "^seda_feed_batch_ranked_total\\{([^}]*)}\\s+([0-9.eE+]+)", Pattern.MULTILINE);
  private static final Pattern REGION = Pattern.compile("region=\"([^\"]+)\"");
  private static final Duration TARGET = Duration.ofMinutes(10);

  private BatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: BatchBenchmark <base-url> [--users=N] [--warm-up=s] [--duration=s] [--whole]"
              + " [--timeout=s] (admin token in SEDA_TOKEN)");
      System.exit(2);
    }
    URI base = LoadGenerator.loopback(args[0]);
    long users = 100_000;
    long warmUp = 120;
    long duration = 120;
    boolean whole = false;
    long timeout = 3600;
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].replaceFirst("^--", "").split("=", 2);
      switch (kv[0]) {
        case "users" -> users = Long.parseLong(kv[1]);
        case "warm-up" -> warmUp = Long.parseLong(kv[1]);
        case "duration" -> duration = Long.parseLong(kv[1]);
        case "whole" -> whole = true;
        case "timeout" -> timeout = Long.parseLong(kv[1]);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    String token = System.getenv("SEDA_TOKEN");
    if (token == null || token.isBlank()) {
      System.err.println(
          "no admin token: SEDA_TOKEN=$(./seda token --data-dir DIR --user ops --role admin | tail -1)");
      System.exit(2);
    }
    HttpClient client = HttpClient.newHttpClient();
    Map<String, Double> before = ranked(client, base);
    long queuedAt = System.nanoTime();
    HttpResponse<String> queued =
        client.send(
            HttpRequest.newBuilder(base.resolve("/admin/jobs/rank-feeds-all/run"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (queued.statusCode() / 100 != 2) {
      System.err.println(
          "could not queue the batch: HTTP " + queued.statusCode() + " " + queued.body());
      System.exit(1);
    }
    System.out.printf(
        "BatchBenchmark %s users=%d warm-up=%ds duration=%ds  %s  java %s%n",
        base, users, warmUp, duration, Instant.now(), Runtime.version());
    System.out.println("queued: " + queued.body());
    if (whole) {
      whole(client, base, users, before, queuedAt, timeout);
      return;
    }
    Thread.sleep(Duration.ofSeconds(warmUp));
    Map<String, Double> start = ranked(client, base);
    long t0 = System.nanoTime();
    Thread.sleep(Duration.ofSeconds(duration));
    Map<String, Double> end = ranked(client, base);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double total = 0;
    for (var e : end.entrySet()) {
      double rate = (e.getValue() - start.getOrDefault(e.getKey(), 0.0)) / seconds;
      total += rate;
      System.out.printf(
          "region %s: %.1f feeds/s (%.0f ranked by the batch so far)%n",
          e.getKey(), rate, e.getValue());
    }
    double minutes = total == 0 ? Double.POSITIVE_INFINITY : users / total / 60;
    System.out.printf(
        "both regions: %.1f feeds/s over %.0f s; all %,d users at that rate: %.1f min; %.2f× the"
            + " %d-minute target%n",
        total, seconds, users, minutes, minutes / TARGET.toMinutes(), TARGET.toMinutes());
  }

  /**
   * Polls the counters every two seconds until {@code users} feeds are ranked since {@code before}
   * (or the timeout), printing progress each minute, when each region stopped and the whole time.
   */
  private static void whole(
      HttpClient client,
      URI base,
      long users,
      Map<String, Double> before,
      long queuedAt,
      long timeout)
      throws Exception {
    var lastChange = new TreeMap<String, Double>();
    var last = new TreeMap<String, Double>();
    long nextReport = 60;
    while (true) {
      Thread.sleep(Duration.ofSeconds(2));
      double elapsed = (System.nanoTime() - queuedAt) / 1e9;
      Map<String, Double> now = ranked(client, base);
      double done = 0;
      for (var e : now.entrySet()) {
        double ranked = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
        done += ranked;
        Double previous = last.put(e.getKey(), ranked);
        if (previous == null || previous != ranked) {
          lastChange.put(e.getKey(), elapsed);
        }
      }
      if (elapsed >= nextReport) {
        System.out.printf("%4.0f s: %,.0f of %,d ranked %s%n", elapsed, done, users, last);
        nextReport += 60;
      }
      if (done >= users || elapsed >= timeout) {
        for (var e : last.entrySet()) {
          System.out.printf(
              "region %s: %,.0f feeds, last at %.0f s%n",
              e.getKey(), e.getValue(), lastChange.get(e.getKey()));
        }
        double minutes = elapsed / 60;
        System.out.printf(
            done >= users
                ? "whole batch: %,.0f feeds in %.1f min (%.0f s from queueing); %.2f× the %d-minute"
                    + " target%n"
                : "not done: %,.0f feeds after %.1f min (%.0f s); %.2f× the %d-minute target at"
                    + " least%n",
            done,
            minutes,
            elapsed,
            minutes / TARGET.toMinutes(),
            TARGET.toMinutes());
        return;
      }
    }
  }

  /** The batch counters now, by region. */
  private static Map<String, Double> ranked(HttpClient client, URI base) throws Exception {
    String metrics =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    var found = new TreeMap<String, Double>();
    Matcher m = RANKED.matcher(metrics);
    while (m.find()) {
      Matcher region = REGION.matcher(m.group(1));
      found.put(region.find() ? region.group(1) : "?", Double.parseDouble(m.group(2)));
    }
    return found;
  }
}
