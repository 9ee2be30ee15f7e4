package fm.seda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * embedctl's command line in process: what it refuses before calling anything, and how it reports
 * answers a sandbox server does not give (a server without --sandbox, a proxy's HTML). A few lines
 * of JDK HTTP server stand in for those; the real calls are covered against a real server by {@link
 * EmbedctlJourneyTests}.
 */
class EmbedctlCommandTests {

  record Result(int code, String out, String err) {}

  record Request(String method, String path, String authorization, String body) {}

  HttpServer stub;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopStub() {
    if (stub != null) {
      stub.stop(0);
    }
  }

  /** A server that answers every request with this status and body. */
  private String stub(int status, String contentType, String body) throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", contentType);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    stub.start();
    return "http://localhost:" + stub.getAddress().getPort();
  }

  @Test
  void simulateOnAServerWithoutSandboxNamesTheFlag() throws IOException {
    String url =
        stub(
            404,
            "application/problem+json",
            "{\"type\":\"https://seda.fm/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"No endpoint POST /admin/test/embeddings/simulate-spend\"}");

    Result result =
        embedctl("spend", "simulate", "--percent", "85", "--url", url, "--token", "secret-token");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "embedctl: spend simulation is only available on a server started with --sandbox\n");
    assertThat(requests)
        .containsExactly(
            new Request(
                "POST",
                "/admin/test/embeddings/simulate-spend",
                "Bearer secret-token",
                "{\"percent\":85.0}"));
  }

  @Test
  void problemIsPrintedWithItsRequestIdAndExpiredTokenGetsAHint() throws IOException {
    String url =
        stub(
            401,
            "application/problem+json",
            "{\"type\":\"https://seda.fm/problems/invalid-token\",\"title\":\"Invalid bearer"
                + " token\",\"status\":401,\"detail\":\"Jwt expired\",\"request_id\":\"r-42\"}");

    Result result = embedctl("providers", "--url", url + "/", "--token", "secret-token");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().lines().toList())
        .containsExactly(
            "embedctl: Invalid bearer token: Jwt expired (HTTP 401, request r-42)",
            "hint: the token is missing, expired or from another data directory; mint a fresh"
                + " one: export SEDA_TOKEN=$(./seda token --user ops --role admin)");
    assertThat(requests).extracting(Request::path).containsExactly("/admin/embeddings/providers");
    assertThat(result.out() + result.err()).doesNotContain("secret-token");
  }

  @Test
  void answerThatIsNotAProblemIsShownShortened() throws IOException {
    String url = stub(502, "text/html", "<html><body>Bad gateway</body>\n</html>");

    Result result = embedctl("jobs", "--url", url, "--token", "t");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "embedctl: Unexpected answer from "
                + url
                + ": <html><body>Bad gateway</body> </html> (HTTP 502)\n");
  }

  @Test
  void pauseWithoutKindSendsAnEmptyObject() throws IOException {
    String url =
        stub(
            200,
            "application/json",
            "{\"kinds\":[\"embed-catalog\"],\"paused\":true,\"queues\":[]}");

    Result result = embedctl("pause-jobs", "--url", url, "--token", "t");

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo("paused: embed-catalog\n\nno jobs waiting\n");
    assertThat(requests).extracting(Request::body).containsExactly("{}");
  }

  @Test
  void simulateNeedsExactlyOneOfPercentAndReset() {
    Result neither = embedctl("spend", "simulate", "--token", "t");
    Result both = embedctl("spend", "simulate", "--percent", "85", "--reset", "--token", "t");

    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err()).contains("--percent").contains("--reset");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void actionsLimitOutsideOneTo500IsAUsageError() {
    Result zero = embedctl("actions", "--limit", "0", "--token", "t");
    Result tooMany = embedctl("actions", "--limit", "501", "--token", "t");

    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("embedctl: --limit must be between 1 and 500, got 0\n");
    assertThat(tooMany.code()).isEqualTo(2);
  }

  @Test
  void urlMustBeHttp() {
    Result result = embedctl("jobs", "--url", "localhost:8080", "--token", "t");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--url must be an http(s) URL");
  }

  @Test
  void unreachableServerIsNamedWithoutTheToken() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://localhost:" + port;

    Result result = embedctl("spend", "status", "--url", url, "--token", "secret-token-value");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("embedctl: cannot reach seda at " + url + "; is ./seda run running?\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void embedctlAloneAsksForACommand() {
    Result result = embedctl();

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("spend").contains("switch-model");
  }

  private static Result embedctl(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new SedaCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "embedctl";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cli.execute(all);
    return new Result(code, out.toString(), err.toString());
  }
}
