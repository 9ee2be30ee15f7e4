package fm.seda.cli;

import static fm.seda.cli.PackagedSeda.exec;
import static fm.seda.cli.PackagedSeda.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.cli.PackagedSeda.ProcessResult;
import fm.seda.cli.PackagedSeda.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An operator at a terminal with {@code ./seda embedctl}, against one packaged sandbox server
 * ({@code seda run --sandbox}) for the whole class. Tests that change the server's state (the spend
 * simulation, paused jobs) put it back before they end, so they can run in any order.
 */
class EmbedctlJourneyTests {

  static Path dataDir;
  static int port;
  static Server server;
  static String url;
  static String adminToken;
  static String userToken;

  @BeforeAll
  static void startSandboxServer() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "embedctl-");
    port = freePort();
    url = "http://localhost:" + port;
    server =
        PackagedSeda.start(
            "run", "--port", String.valueOf(port), "--data-dir", dataDir.toString(), "--sandbox");
    adminToken = token("--user", "ops", "--role", "admin");
    userToken = token("--user", "listener");
  }

  @AfterAll
  static void stopSandboxServer() throws Exception {
    if (server != null) {
      PackagedSeda.stop(server);
    }
  }

  @Test
  void spendStatusShowsTheCapAndANormalLevel() throws Exception {
    ProcessResult status = embedctl("spend", "status");

    assertSucceeded(status);
    assertThat(status.out())
        .containsPattern("(?m)^cap +\\$1,500\\.00$")
        .containsPattern("(?m)^level +NORMAL$")
        .containsPattern("(?m)^projected +\\$[\\d,.]+ \\(.*% of cap\\)$")
        .containsPattern("(?m)^simulated +no$")
        .contains("PROVIDER");
  }

  @Test
  void jsonOptionPrintsTheServersJson() throws Exception {
    ProcessResult status = embedctl("spend", "status", "--json");

    assertSucceeded(status);
    JsonNode json = AdminApi.JSON.readTree(status.out());
    assertThat(json.path("level").stringValue()).isEqualTo("NORMAL");
    assertThat(json.path("cap_usd").decimalValue()).isEqualByComparingTo("1500");
    assertThat(status.out()).as("pretty-printed").contains("\n  \"level\" : ");
  }

  @Test
  void simulatedSpendAt85PercentThrottlesUntilReset() throws Exception {
    ProcessResult throttled;
    ProcessResult actions;
    try {
      throttled = embedctl("spend", "simulate", "--percent", "85");
      actions = embedctl("actions", "--limit", "5");
    } finally {
      ProcessResult reset = embedctl("spend", "simulate", "--reset");
      assertSucceeded(reset);
      assertThat(reset.out())
          .containsPattern("(?m)^level +NORMAL$")
          .containsPattern("(?m)^simulated +no$");
    }

    assertSucceeded(throttled);
    assertThat(throttled.out())
        .containsPattern("(?m)^level +THROTTLED$")
        .containsPattern("(?m)^projected +\\$1,275\\.00 \\(85\\.0% of cap\\)$")
        .containsPattern("(?m)^simulated +yes$")
        .containsPattern("(?m)^degraded banner +on$");
    assertSucceeded(actions);
    assertThat(actions.out().lines().findFirst())
        .hasValueSatisfying(header -> assertThat(header).startsWith("TIME"));
    assertThat(actions.out()).containsPattern("throttled +throttle_background_jobs +system");
  }

  @Test
  void providersListsEveryConfiguredProvider() throws Exception {
    ProcessResult providers = embedctl("providers");

    assertSucceeded(providers);
    assertThat(firstColumn(providers.out()))
        .startsWith("NAME")
        .contains("local", "openai", "openai-small", "cohere");
  }

  @Test
  void pausedJobsStayPausedUntilResumed() throws Exception {
    ProcessResult paused;
    ProcessResult jobs;
    ProcessResult resumed;
    try {
      paused = embedctl("pause-jobs");
      // a catalog change queues embed-catalog jobs in both regions, which now wait
      assertThat(upsertArtist("embedctl-1", "Paused Band")).isEqualTo(200);
      jobs = embedctl("jobs");
    } finally {
      resumed = embedctl("resume-jobs", "--kind", "embed-catalog");
    }

    assertSucceeded(paused);
    assertThat(paused.out()).startsWith("paused: embed-catalog\n");
    assertSucceeded(jobs);
    assertThat(jobs.out()).containsPattern("(?m)^\\w+ +embed-catalog +[\\d,]+ +\\d+ +\\d+ +yes$");
    assertThat(jobs.out()).doesNotContainPattern("embed-catalog .* no$");
    assertSucceeded(resumed);
    assertThat(resumed.out()).startsWith("resumed: embed-catalog\n");
    assertThat(resumed.out()).doesNotContainPattern("embed-catalog .* yes$");
    JsonNode after = AdminApi.JSON.readTree(embedctl("jobs", "--json").out());
    assertThat(after.values()).allSatisfy(q -> assertThat(q.path("paused").asBoolean()).isFalse());
  }

  @Test
  void switchingToAModelOfAnotherDimensionIsRefusedWithTheReason() throws Exception {
    ProcessResult switched =
        embedctl("switch-model", "--region", "eu", "--purpose", "catalog", "--provider", "openai");

    assertThat(switched.code()).isEqualTo(1);
    assertThat(switched.out()).isEmpty();
    assertThat(switched.err())
        .startsWith("embedctl: Incompatible model: openai makes 1536-d vectors")
        .containsPattern("holds \\d+-d vectors")
        .containsPattern("\\(HTTP 409, request [\\w-]+\\)\\n$");
  }

  @Test
  void userWithoutTheAdminRoleIsToldHowToGetIt() throws Exception {
    ProcessResult forbidden =
        exec("embedctl", "spend", "status", "--url", url, "--token", userToken);

    assertThat(forbidden.code()).isEqualTo(1);
    assertThat(forbidden.err())
        .startsWith("embedctl: Forbidden: ")
        .contains("(HTTP 403, request ")
        .contains("hint: the token's user needs the admin role")
        .contains("./seda token --user ops --role admin");
    assertThat(forbidden.out() + forbidden.err()).doesNotContain(userToken);
  }

  @Test
  void rejectedTokenIsNotEchoed() throws Exception {
    String bogus = "not.a.token";
    ProcessResult rejected = exec("embedctl", "jobs", "--url", url, "--token", bogus);

    assertThat(rejected.code()).isEqualTo(1);
    assertThat(rejected.err())
        .contains("(HTTP 401, request ")
        .contains("hint: the token is missing, expired");
    assertThat(rejected.out() + rejected.err()).doesNotContain(bogus);
  }

  @Test
  void withoutATokenNothingIsSent() throws Exception {
    ProcessResult noToken = exec("embedctl", "spend", "status", "--url", url);

    assertThat(noToken.code()).isEqualTo(2);
    assertThat(noToken.err())
        .isEqualTo("embedctl: no token; set SEDA_TOKEN=$(./seda token --user ops --role admin)\n");
  }

  @Test
  void urlAndTokenComeFromTheEnvironment() throws Exception {
    ProcessResult jobs =
        exec(Map.of("SEDA_URL", url, "SEDA_TOKEN", adminToken), "embedctl", "jobs", "--json");

    assertSucceeded(jobs);
    assertThat(AdminApi.JSON.readTree(jobs.out()).isArray()).isTrue();
  }

  @Test
  void wrongPortIsReportedAsUnreachable() throws Exception {
    String nowhere = "http://localhost:" + freePort();
    ProcessResult unreachable =
        exec("embedctl", "spend", "status", "--url", nowhere, "--token", adminToken);

    assertThat(unreachable.code()).isEqualTo(2);
    assertThat(unreachable.err())
        .isEqualTo("embedctl: cannot reach seda at " + nowhere + "; is ./seda run running?\n");
  }

  /** {@code seda embedctl <args>} against the class's server as the admin. */
  private static ProcessResult embedctl(String... args) throws Exception {
    var command = new ArrayList<>(List.of("embedctl"));
    command.addAll(List.of(args));
    command.addAll(List.of("--url", url, "--token", adminToken));
    return exec(command.toArray(String[]::new));
  }

  private static void assertSucceeded(ProcessResult result) {
    assertThat(result.code()).as("exit code; stderr: " + result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).doesNotContain(adminToken);
  }

  private static String token(String... args) throws Exception {
    var command = new ArrayList<>(List.of("token"));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", dataDir.toString()));
    ProcessResult result = exec(command.toArray(String[]::new));
    assertThat(result.code()).as("seda token: " + result.err()).isZero();
    return result.out().trim();
  }

  private static List<String> firstColumn(String table) {
    return table.lines().map(line -> line.split(" +", 2)[0]).toList();
  }

  private static int upsertArtist(String externalId, String name) throws Exception {
    String body =
        "{\"items\": [{\"external_id\": \""
            + externalId
            + "\", \"name\": \""
            + name
            + "\", \"genres\": [\"jazz\"]}]}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/admin/catalog/artists"))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
