package fm.seda.cli;

import static fm.seda.cli.PackagedSeda.exec;
import static fm.seda.cli.PackagedSeda.freePort;
import static fm.seda.cli.PackagedSeda.stop;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a new user does on a fresh machine, against the packaged executable: start the server on the
 * embedded default, mint a token, create an account, pick genres, list the catalog, stop it, start
 * it again and find everything still there.
 */
class NewUserJourneyTests {

  final HttpClient http = HttpClient.newHttpClient();
  final List<Process> started = new ArrayList<>();
  Path dataDir;

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void newUserOnboardsAndDataSurvivesARestart() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "journey-");
    int port = freePort();

    Server server = start(port);
    assertThat(server.banner()).contains("http://localhost:" + port).contains("/swagger-ui.html");
    assertThat(get(port, "/me", server.demoToken()).statusCode())
        .as("printed demo token works")
        .isEqualTo(200);

    String token = cli("token", "--user", "newbie", "--data-dir", dataDir.toString());
    assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

    assertThat(send(port, "POST", "/me", token, null).statusCode()).isEqualTo(201);
    assertThat(get(port, "/genres", null).body()).contains("deep house");
    HttpResponse<String> genres =
        send(
            port,
            "PUT",
            "/me/genres",
            token,
            "{\"genres\": [\"deep house\", \"techno\", \"jazz\"]}");
    assertThat(genres.statusCode()).isEqualTo(200);
    HttpResponse<String> rooms = get(port, "/catalog/rooms?limit=5", token);
    assertThat(rooms.statusCode()).isEqualTo(200);
    assertThat(rooms.body()).contains("demo-room-");
    assertThat(get(port, "/catalog/artists?limit=3", token).body()).contains("demo-artist-");

    String admin =
        cli("token", "--user", "ops", "--role", "admin", "--data-dir", dataDir.toString());
    HttpResponse<String> upsert =
        send(
            port,
            "PUT",
            "/admin/catalog/artists",
            admin,
            "{\"items\": [{\"external_id\": \"journey-1\", \"name\": \"Journey Band\", \"genres\": [\"jazz\"]}]}");
    assertThat(upsert.statusCode()).as("admin token works at once").isEqualTo(200);

    stop(server);
    assertThat(dataDir.resolve("postgres/postmaster.pid"))
        .as("embedded PostgreSQL stopped too")
        .doesNotExist();

    Server again = start(port);
    HttpResponse<String> me = get(port, "/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"deep house\"").contains("\"techno\"");
    assertThat(get(port, "/catalog/artists?q=Journey%20Band", token).body()).contains("journey-1");
    stop(again);
  }

  @Test
  void databaseLeftByAKilledServerIsTakenOverAndStoppedWithTheNextOne() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "journey-");
    int port = freePort();
    Server first = start(port);
    Path pidFile = dataDir.resolve("postgres/postmaster.pid");
    assertThat(durabilitySettings(pidFile)).as("fsync and synchronous commit").isEqualTo("on/on");

    first.process().destroyForcibly(); // kill -9: no shutdown hooks, PostgreSQL is orphaned
    first.process().waitFor(30, TimeUnit.SECONDS);
    assertThat(pidFile).as("the orphan still runs").exists();

    Server second = start(port);
    assertThat(second.banner()).contains("belongs to no running seda process");
    assertThat(get(port, "/me", second.demoToken()).statusCode()).isEqualTo(200);
    stop(second);
    assertThat(pidFile).as("the new owner stopped it").doesNotExist();
  }

  private static String durabilitySettings(Path pidFile) throws Exception {
    int pgPort = Integer.parseInt(Files.readAllLines(pidFile).get(3).trim());
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "");
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void tokenCommandRefusesBadInputWithAMessage() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "journey-");
    ProcessResult badRole =
        exec("token", "--user", "x", "--role", "emperor", "--data-dir", dataDir.toString());
    ProcessResult badTtl =
        exec("token", "--user", "x", "--ttl", "forever", "--data-dir", dataDir.toString());
    ProcessResult noServer =
        exec("token", "--user", "x", "--role", "admin", "--data-dir", dataDir.toString());

    assertThat(badRole.code()).isNotZero();
    assertThat(badRole.err()).contains("--role must be one of");
    assertThat(badTtl.err()).contains("--ttl must look like");
    assertThat(noServer.err()).contains("start ./seda run first");
    assertThat(noServer.out()).isEmpty();
  }

  private Server start(int port) throws Exception {
    Server server =
        PackagedSeda.start("run", "--port", String.valueOf(port), "--data-dir", dataDir.toString());
    started.add(server.process());
    return server;
  }

  private String cli(String... args) throws Exception {
    ProcessResult result = exec(args);
    assertThat(result.code()).as("seda " + String.join(" ", args) + ": " + result.err()).isZero();
    return result.out().trim();
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    return send(port, "GET", path, token, null);
  }

  private HttpResponse<String> send(int port, String method, String path, String token, String json)
      throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
