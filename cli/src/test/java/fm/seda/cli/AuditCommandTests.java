package fm.seda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code seda audit residency} in process against a few lines of JDK HTTP server standing in for
 * the admin API (the endpoint itself is tested on the real databases by the server's
 * ResidencyAuditIntegrationTests): a table of every check, and an exit status CI can use.
 */
class AuditCommandTests {

  record Result(int code, String out, String err) {}

  HttpServer stub;

  @AfterEach
  void stopStub() {
    if (stub != null) {
      stub.stop(0);
    }
  }

  private String stub(String body) throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/admin/residency/audit",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    stub.start();
    return "http://localhost:" + stub.getAddress().getPort();
  }

  static String report(long violations, String sampleOwner) {
    return ("{'checked_at':'2026-12-05T02:00:00Z','violations':%d,'databases':["
            + "{'region':'eu','serves':'eu','violations':0,'findings':["
            + "{'table':'users','check':'data_residency is not eu','rows':0,'sample_owners':[]}]},"
            + "{'region':'us','serves':'non-eu','violations':%d,'findings':["
            + "{'table':'seen_items','check':'owner is not a user of this database with residency"
            + " non-eu','rows':%d,'sample_owners':[%s]}]}]}")
        .formatted(violations, violations, violations, sampleOwner)
        .replace('\'', '"');
  }

  @Test
  void aCleanAuditPrintsEveryCheckAndExitsZero() throws IOException {
    String url = stub(report(0, ""));

    Result result = audit("residency", "--url", url, "--token", "t");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("DATABASE", "users", "seen_items")
        .endsWith("No personal row in the wrong region.\n");
  }

  @Test
  void anAuditThatFindsRowsNamesThemAndExitsOneForCi() throws IOException {
    String owner = "0b4c1f6e-6a53-4c8e-9f0a-3f2d7c1e9a01";
    String url = stub(report(1, "'" + owner + "'"));

    Result result = audit("residency", "--url", url, "--token", "t");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .containsPattern("us\\s+seen_items\\s+owner is not a user.*\\s1\\s+" + owner)
        .endsWith("1 personal rows in the wrong region.\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void withoutATokenItSaysHowToGetOne() {
    Result result = audit("residency", "--url", "http://localhost:9");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("audit: no token");
  }

  private static Result audit(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new SedaCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Result(cli.execute(all), out.toString(), err.toString());
  }
}
