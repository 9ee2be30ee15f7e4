package fm.seda.web;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@SedaIntegrationTest
class OperationsIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
  }

  @Test
  void healthReportsBothRegionalDatabases() {
    Response health = api.get("/actuator/health", null);
    Response readiness = api.get("/actuator/health/readiness", null);
    Response liveness = api.get("/actuator/health/liveness", null);

    assertThat(health.json().path("status").asString()).isEqualTo("UP");
    assertThat(health.json().path("components").path("db").path("components").has("euDataSource"))
        .isTrue();
    assertThat(health.json().path("components").path("db").path("components").has("usDataSource"))
        .isTrue();
    assertThat(readiness.json().path("components").has("db")).isTrue();
    assertThat(liveness.json().path("components").has("db")).isTrue();
  }

  @Test
  void prometheusMetricsAreExposed() {
    var response =
        api.send(api.request("/actuator/prometheus", null).header("Accept", "text/plain"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.raw().body())
        .contains("jvm_memory_used_bytes")
        .contains("hikaricp_connections");
  }

  @Test
  void openApiDescribesTheAccountAndCatalogApi() {
    Response docs = api.get("/v3/api-docs", null);

    assertThat(docs.json().path("paths").has("/me")).isTrue();
    assertThat(docs.json().path("paths").has("/me/genres")).isTrue();
    assertThat(docs.json().path("paths").has("/catalog/artists")).isTrue();
    assertThat(docs.json().path("paths").has("/admin/catalog/rooms")).isTrue();
    assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
  }

  @Test
  void requestIdIsEchoedAndQuotedInProblems() {
    Response response = api.send(api.request("/me", null).header("X-Request-Id", "trace-abc-123"));

    assertThat(response.header("X-Request-Id")).hasValue("trace-abc-123");
    assertThat(response.json().path("request_id").asString()).isEqualTo("trace-abc-123");
  }

  @Test
  void insaneRequestIdIsReplaced() {
    Response response =
        api.send(api.request("/me", null).header("X-Request-Id", "<script>alert(1)</script>"));

    assertThat(response.header("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).doesNotContain("<"));
  }

  @Test
  void unknownPathsAndWrongMethodsAreProblems() {
    String token = TestUsers.user(api);
    Response notFound = api.get("/no/such/thing", token);
    Response wrongMethod = api.send(api.request("/genres", token).DELETE());

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.contentType()).startsWith("application/problem+json");
    assertThat(notFound.problemSlug()).isEqualTo("not-found");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.problemSlug()).isEqualTo("method-not-allowed");
  }

  @Test
  void undecodableQueryParameterIsABadRequest() throws Exception {
    // java.net.http refuses to send such a URL, so speak HTTP/1.1 over a socket as a sloppy client
    // would
    String token = TestUsers.user(api);
    try (var socket = new java.net.Socket("localhost", port)) {
      String request =
          "GET /catalog/artists?q=% HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + token
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response)
          .contains("application/problem+json")
          .contains("problems/invalid-parameter");
    }
  }

  @Test
  void wrongContentTypeIsAProblem() {
    var response =
        api.send(
            api.request("/me/genres", TestUsers.user(api))
                .header("Content-Type", "text/plain")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("techno")));

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.problemSlug()).isEqualTo("unsupported-media-type");
  }

  @Test
  void errorPageItselfIsAProblem() {
    Response response = api.get("/error", null);

    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.problemSlug()).isEqualTo("not-found");
    assertThat(response.json().path("request_id").asString()).isNotBlank();
  }

  @Test
  void sandboxEndpointsDoNotExistOutsideTheSandboxProfile() {
    String admin = TestUsers.admin(api, regions);

    assertThat(api.get("/sandbox", admin).status()).isEqualTo(404);
    assertThat(api.post("/sandbox/seed?profile=smoke", admin, null).status()).isEqualTo(404);
  }
}
