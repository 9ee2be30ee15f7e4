package fm.seda.sandbox;

import static fm.seda.sandbox.TestHttp.get;
import static fm.seda.sandbox.TestHttp.json;
import static fm.seda.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class VendorKnobsTests {

  private static final String OPENAI_KEY = "sk-knobs-test";
  private static final String COHERE_KEY = "cohere-knobs-test";

  private SandboxVendors vendors;

  @BeforeEach
  void start() {
    vendors = SandboxVendors.start(OPENAI_KEY, COHERE_KEY);
  }

  @AfterEach
  void stop() {
    vendors.close();
  }

  private String openAiKnobs() {
    return vendors.openAi().baseUrl() + "/__sandbox/knobs";
  }

  private String cohereKnobs() {
    return vendors.cohere().baseUrl() + "/__sandbox/knobs";
  }

  private HttpResponse<String> openAiEmbed() {
    return post(
        vendors.openAi().baseUrl() + "/v1/embeddings",
        OPENAI_KEY,
        TestHttp.json(Map.of("model", "text-embedding-3-small", "input", List.of("a", "b"))));
  }

  private HttpResponse<String> cohereEmbed() {
    return post(
        vendors.cohere().baseUrl() + "/v2/embed",
        COHERE_KEY,
        TestHttp.json(
            Map.of(
                "model", "embed-english-light-v3.0",
                "texts", List.of("a"),
                "input_type", "clustering")));
  }

  // ---- Java API ----

  @Test
  void defaultsAreOffAndCountersEmpty() {
    VendorKnobs knobs = vendors.openAi().knobs();

    assertThat(knobs.latency()).isZero();
    assertThat(knobs.requestCount()).isZero();
    assertThat(knobs.inputsServed()).isZero();
    assertThat(knobs.lastRequestHeaders()).isEmpty();
    assertThat(knobs.lastRequestBody()).isNull();
    assertThat(knobs.recordedRequests()).isEmpty();
  }

  @Test
  void outOfRangeValuesAreRejected() {
    VendorKnobs knobs = vendors.cohere().knobs();

    assertThatThrownBy(() -> knobs.latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.failNext(-1, 500)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.failureRate(1.5, 500, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.rateLimitNext(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resetRestoresDefaultsAndClearsCounters() {
    VendorKnobs knobs = vendors.openAi().knobs();
    knobs.latency(Duration.ofMillis(10)).failNext(1, 503).rateLimitNext(1, Duration.ofSeconds(1));
    openAiEmbed();

    knobs.reset();

    assertThat(knobs.latency()).isZero();
    assertThat(knobs.requestCount()).isZero();
    assertThat(knobs.recordedRequests()).isEmpty();
    assertThat(openAiEmbed().statusCode()).isEqualTo(200);
  }

  @Test
  void recordedRequestsKeepOnlyTheMostRecent() {
    VendorKnobs knobs = vendors.cohere().knobs();
    for (int i = 0; i < VendorKnobs.MAX_RECORDED + 5; i++) {
      post(vendors.cohere().baseUrl() + "/v2/embed", "wrong", "{\"n\":" + i + "}");
    }

    assertThat(knobs.requestCount()).isEqualTo(VendorKnobs.MAX_RECORDED + 5);
    assertThat(knobs.recordedRequests()).hasSize(VendorKnobs.MAX_RECORDED);
    assertThat(knobs.recordedRequests().getFirst().body()).isEqualTo("{\"n\":5}");
    assertThat(knobs.lastRequestBody()).isEqualTo("{\"n\":" + (VendorKnobs.MAX_RECORDED + 4) + "}");
  }

  // ---- HTTP endpoint ----

  @Test
  void getKnobsReportsKnobsAndCounters() {
    openAiEmbed();
    vendors.openAi().knobs().latency(Duration.ofMillis(5)).failureRate(0.25, 502, 9);

    HttpResponse<String> response = get(openAiKnobs());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode knobs = json(response);
    assertThat(knobs.get("vendor").stringValue()).isEqualTo("openai");
    assertThat(knobs.get("latency_ms").longValue()).isEqualTo(5);
    assertThat(knobs.at("/fail_next/count").intValue()).isZero();
    assertThat(knobs.at("/rate_limit_next/retry_after_seconds").longValue()).isEqualTo(1);
    assertThat(knobs.at("/failure_rate/rate").doubleValue()).isEqualTo(0.25);
    assertThat(knobs.at("/failure_rate/status").intValue()).isEqualTo(502);
    assertThat(knobs.at("/failure_rate/seed").longValue()).isEqualTo(9);
    assertThat(knobs.get("request_count").intValue()).isEqualTo(1);
    assertThat(knobs.get("inputs_served").longValue()).isEqualTo(2);
  }

  @Test
  void postKnobsChangesTheServersBehaviour() {
    HttpResponse<String> response =
        post(
            cohereKnobs(),
            null,
            "{\"fail_next\":{\"count\":1,\"status\":503},"
                + "\"rate_limit_next\":{\"count\":1,\"retry_after_seconds\":4}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/fail_next/count").intValue()).isEqualTo(1);
    HttpResponse<String> limited = cohereEmbed();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("4");
    assertThat(cohereEmbed().statusCode()).isEqualTo(503);
    assertThat(cohereEmbed().statusCode()).isEqualTo(200);
    assertThat(json(get(cohereKnobs())).get("request_count").intValue()).isEqualTo(3);
  }

  @Test
  void postKnobsSetsLatency() {
    post(openAiKnobs(), null, "{\"latency_ms\":250}");

    long started = System.nanoTime();
    assertThat(openAiEmbed().statusCode()).isEqualTo(200);

    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(250);
    assertThat(vendors.openAi().knobs().latency()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void postKnobsAcceptsTheFullDocumentedShape() {
    HttpResponse<String> response =
        post(
            openAiKnobs(),
            null,
            "{\"latency_ms\":200,\"fail_next\":{\"count\":3,\"status\":503},"
                + "\"rate_limit_next\":{\"count\":2,\"retry_after_seconds\":1},"
                + "\"failure_rate\":{\"rate\":0.1,\"status\":500,\"seed\":7},\"reset\":true}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode knobs = json(response);
    assertThat(knobs.get("latency_ms").longValue()).isEqualTo(200);
    assertThat(knobs.at("/fail_next/count").intValue()).isEqualTo(3);
    assertThat(knobs.at("/fail_next/status").intValue()).isEqualTo(503);
    assertThat(knobs.at("/rate_limit_next/count").intValue()).isEqualTo(2);
    assertThat(knobs.at("/failure_rate/rate").doubleValue()).isEqualTo(0.1);
    assertThat(knobs.at("/failure_rate/seed").longValue()).isEqualTo(7);
  }

  @Test
  void postKnobsResetClearsKnobsAndCounters() {
    vendors.cohere().knobs().failNext(5, 500).latency(Duration.ofMillis(50));
    cohereEmbed();

    JsonNode knobs = json(post(cohereKnobs(), null, "{\"reset\":true}"));

    assertThat(knobs.get("latency_ms").longValue()).isZero();
    assertThat(knobs.at("/fail_next/count").intValue()).isZero();
    assertThat(knobs.get("request_count").intValue()).isZero();
    assertThat(cohereEmbed().statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"latency\":5}",
        "{\"latency_ms\":-1}",
        "{\"fail_next\":{\"status\":503}}",
        "{\"fail_next\":{\"count\":1,\"status\":200}}",
        "{\"failure_rate\":{\"rate\":2,\"status\":500}}",
        "{\"rate_limit_next\":{\"count\":1,\"retry\":3}}",
        "{\"reset\":\"yes\"}"
      })
  void postKnobsRejectsBadDocumentsAndChangesNothing(String body) {
    HttpResponse<String> bad = post(openAiKnobs(), null, body);

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").stringValue()).isNotBlank();
    assertThat(vendors.openAi().knobs().latency()).isZero();
    assertThat(vendors.openAi().knobs().requestCount()).isZero();
  }

  @Test
  void partiallyValidDocumentChangesNothing() {
    HttpResponse<String> response =
        post(openAiKnobs(), null, "{\"latency_ms\":100,\"fail_next\":{\"count\":1,\"status\":99}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(vendors.openAi().knobs().latency()).isZero();
    assertThat(openAiEmbed().statusCode()).isEqualTo(200);
  }

  @Test
  void knobsEndpointIsNotDelayedCountedOrAuthenticated() {
    vendors.openAi().knobs().latency(Duration.ofSeconds(5));

    long started = System.nanoTime();
    HttpResponse<String> response = get(openAiKnobs());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
    assertThat(json(response).get("request_count").intValue()).isZero();
  }

  @Test
  void knobsEndpointAllowsOnlyGetAndPost() {
    HttpResponse<String> response =
        TestHttp.send(HttpRequest.newBuilder(URI.create(cohereKnobs())).DELETE().build());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET, POST");
  }
}
