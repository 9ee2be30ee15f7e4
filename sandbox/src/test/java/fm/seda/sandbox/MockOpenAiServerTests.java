package fm.seda.sandbox;

import static fm.seda.sandbox.TestHttp.cosine;
import static fm.seda.sandbox.TestHttp.floats;
import static fm.seda.sandbox.TestHttp.json;
import static fm.seda.sandbox.TestHttp.norm;
import static fm.seda.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class MockOpenAiServerTests {

  private static final String KEY = "sk-test-0123456789abcdef";

  private MockOpenAiServer server;

  @BeforeEach
  void start() {
    server = MockOpenAiServer.start(KEY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String url() {
    return server.baseUrl() + "/v1/embeddings";
  }

  private HttpResponse<String> embed(Map<String, ?> body) {
    return post(url(), KEY, TestHttp.json(body));
  }

  private float[] vector(String model, String text) {
    HttpResponse<String> response = embed(Map.of("model", model, "input", text));
    assertThat(response.statusCode()).isEqualTo(200);
    return floats(json(response).at("/data/0/embedding"));
  }

  private static void assertError(
      HttpResponse<String> response, int status, String type, @Nullable String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode error = json(response).get("error");
    assertThat(error).isNotNull();
    assertThat(error.get("type").stringValue()).isEqualTo(type);
    assertThat(error.get("message").stringValue()).isNotBlank();
    assertThat(error.has("param")).isTrue();
    if (code == null) {
      assertThat(error.get("code").isNull()).isTrue();
    } else {
      assertThat(error.get("code").stringValue()).isEqualTo(code);
    }
  }

  // ---- happy path ----

  @Test
  void baseUrlIsLoopbackWithTheBoundPort() {
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(server.port()).isPositive();
  }

  @Test
  void singleStringAnswersTheOpenAiListShape() {
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", "The quick brown fox"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    JsonNode body = json(response);
    assertThat(body.get("object").stringValue()).isEqualTo("list");
    assertThat(body.get("model").stringValue()).isEqualTo("text-embedding-3-small");
    assertThat(body.get("data")).hasSize(1);
    JsonNode item = body.get("data").get(0);
    assertThat(item.get("object").stringValue()).isEqualTo("embedding");
    assertThat(item.get("index").intValue()).isZero();
    assertThat(item.get("embedding")).hasSize(1536);
    // "The quick brown fox" is 19 characters: ceil(19 / 4) = 5 tokens.
    assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(5);
    assertThat(body.at("/usage/total_tokens").intValue()).isEqualTo(5);
  }

  @Test
  void batchAnswersOneIndexedVectorPerInputInOrder() {
    List<String> inputs = List.of("alpha", "beta", "gamma");
    JsonNode body = json(embed(Map.of("model", "text-embedding-3-small", "input", inputs)));

    assertThat(body.get("data")).hasSize(3);
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode item = body.get("data").get(i);
      assertThat(item.get("index").intValue()).isEqualTo(i);
      assertThat(floats(item.get("embedding")))
          .containsExactly(vector("text-embedding-3-small", inputs.get(i)));
    }
    // ceil(5/4) + ceil(4/4) + ceil(5/4) = 2 + 1 + 2
    assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(5);
  }

  @ParameterizedTest
  @CsvSource({
    "text-embedding-3-small, 1536",
    "text-embedding-3-large, 3072",
    "text-embedding-ada-002, 1536"
  })
  void eachModelAnswersItsNativeDimensions(String model, int dims) {
    assertThat(vector(model, "hello world")).hasSize(dims);
  }

  @ParameterizedTest
  @CsvSource({"text-embedding-3-small, 256", "text-embedding-3-large, 1024"})
  void dimensionsShortensTheVectorAndKeepsItNormalised(String model, int dims) {
    JsonNode body = json(embed(Map.of("model", model, "input", "hello world", "dimensions", dims)));

    float[] shortened = floats(body.at("/data/0/embedding"));
    assertThat(shortened).hasSize(dims);
    assertThat(norm(shortened)).isCloseTo(1.0, within(1e-5));
    // Matryoshka-style: the shortened vector points the same way as the native prefix.
    float[] full = vector(model, "hello world");
    float[] prefix = java.util.Arrays.copyOf(full, dims);
    assertThat(cosine(shortened, prefix)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void sameTextGivesTheSameVectorAcrossRequestsAndServers() {
    float[] first = vector("text-embedding-3-small", "Daft Punk");
    float[] again = vector("text-embedding-3-small", "Daft Punk");
    float[] elsewhere;
    try (MockOpenAiServer other = MockOpenAiServer.start("other-key")) {
      elsewhere =
          floats(
              json(post(
                      other.baseUrl() + "/v1/embeddings",
                      "other-key",
                      TestHttp.json(
                          Map.of("model", "text-embedding-3-small", "input", "Daft Punk"))))
                  .at("/data/0/embedding"));
    }

    assertThat(again).containsExactly(first);
    assertThat(elsewhere).containsExactly(first);
  }

  @Test
  void differentTextsAndModelsGiveDifferentVectors() {
    float[] punk = vector("text-embedding-3-small", "Daft Punk");
    float[] jazz = vector("text-embedding-3-small", "Miles Davis");
    float[] punkAda = vector("text-embedding-ada-002", "Daft Punk");

    assertThat(cosine(punk, jazz)).isLessThan(0.5);
    assertThat(cosine(punk, punkAda)).isLessThan(0.5);
  }

  @Test
  void textsSharingWordsAreMoreSimilarThanUnrelatedTexts() {
    float[] indieRock = vector("text-embedding-3-small", "indie rock from Manchester");
    float[] rock = vector("text-embedding-3-small", "Rock from Manchester!");
    float[] jazz = vector("text-embedding-3-small", "bebop jazz trumpet");

    assertThat(cosine(indieRock, rock)).isGreaterThan(cosine(indieRock, jazz) + 0.2);
  }

  @Test
  void vectorsAreUnitLength() {
    for (String text : List.of("a", "héllo wörld 🎶", "x".repeat(5000))) {
      assertThat(norm(vector("text-embedding-3-large", text))).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void base64EncodingCarriesTheSameLittleEndianFloats() {
    float[] expected = vector("text-embedding-3-small", "encode me");
    JsonNode body =
        json(
            embed(
                Map.of(
                    "model",
                    "text-embedding-3-small",
                    "input",
                    "encode me",
                    "encoding_format",
                    "base64")));

    byte[] bytes = Base64.getDecoder().decode(body.at("/data/0/embedding").stringValue());
    float[] decoded = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(expected);
  }

  @Test
  void tokenArrayInputsCountOneTokenPerId() {
    JsonNode body =
        json(
            embed(
                Map.of(
                    "model",
                    "text-embedding-3-small",
                    "input",
                    List.of(List.of(9906, 1917), List.of(15339)))));

    assertThat(body.get("data")).hasSize(2);
    assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(3);
  }

  @Test
  void inputsServedAndRecordedRequestsAreObservable() {
    embed(Map.of("model", "text-embedding-3-small", "input", List.of("one", "two")));

    VendorKnobs knobs = server.knobs();
    assertThat(knobs.requestCount()).isEqualTo(1);
    assertThat(knobs.inputsServed()).isEqualTo(2);
    assertThat(knobs.lastRequestHeaders().get("authorization")).containsExactly("Bearer " + KEY);
    assertThat(knobs.lastRequestBody()).contains("\"two\"");
    assertThat(knobs.recordedRequests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/v1/embeddings");
              assertThat(r.header("Content-Type")).isEqualTo("application/json");
            });
  }

  // ---- auth ----

  @Test
  void wrongKeyIsRejectedAsInvalidApiKey() {
    HttpResponse<String> response =
        post(url(), "sk-wrong-key-123456", TestHttp.json(Map.of("model", "x", "input", "a")));

    assertError(response, 401, "invalid_request_error", "invalid_api_key");
    assertThat(json(response).at("/error/message").stringValue())
        .startsWith("Incorrect API key provided: sk-")
        .doesNotContain("sk-wrong-key-123456");
  }

  @Test
  void missingKeyIsRejectedWith401() {
    HttpResponse<String> response =
        post(url(), null, TestHttp.json(Map.of("model", "text-embedding-3-small", "input", "a")));

    assertError(response, 401, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue())
        .startsWith("You didn't provide an API key");
    assertThat(server.knobs().inputsServed()).isZero();
  }

  // ---- validation ----

  @Test
  void unknownModelIsNotFound() {
    HttpResponse<String> response = embed(Map.of("model", "text-embedding-4", "input", "a"));

    assertError(response, 404, "invalid_request_error", "model_not_found");
    assertThat(json(response).at("/error/message").stringValue())
        .isEqualTo("The model `text-embedding-4` does not exist or you do not have access to it.");
  }

  @Test
  void emptyStringInputIsRejected() {
    HttpResponse<String> response = embed(Map.of("model", "text-embedding-3-small", "input", ""));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue()).contains("empty");
  }

  @Test
  void emptyInputArrayIsRejected() {
    assertError(
        embed(Map.of("model", "text-embedding-3-small", "input", List.of())),
        400,
        "invalid_request_error",
        null);
  }

  @Test
  void emptyStringItemIsRejectedWithItsIndex() {
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", List.of("ok", "")));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue()).contains("$.input[1]");
  }

  @Test
  void moreThan2048InputsAreRejected() {
    List<String> inputs = Collections.nCopies(2049, "x");
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", inputs));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue()).contains("2048");
  }

  @Test
  void exactly2048InputsAreServed() {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 2048; i++) {
      inputs.add("item " + i);
    }
    JsonNode body =
        json(embed(Map.of("model", "text-embedding-3-small", "input", inputs, "dimensions", 8)));

    assertThat(body.get("data")).hasSize(2048);
    assertThat(server.knobs().inputsServed()).isEqualTo(2048);
  }

  @Test
  void inputOver8191TokensIsRejected() {
    String tooLong = "x".repeat(8191 * 4 + 1); // 8192 approximate tokens
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", List.of("fine", tooLong)));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue())
        .contains("maximum context length is 8191 tokens")
        .contains("8192 tokens");
  }

  @Test
  void inputOfExactly8191TokensIsServed() {
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", "x".repeat(8191 * 4)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/usage/total_tokens").intValue()).isEqualTo(8191);
  }

  @Test
  void malformedJsonIsRejected() {
    HttpResponse<String> response = post(url(), KEY, "{\"model\": \"text-embedding-3-small\",");

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue())
        .contains("could not parse the JSON body");
  }

  @Test
  void dimensionsOnAda002IsRejected() {
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-ada-002", "input", "a", "dimensions", 256));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue())
        .isEqualTo("This model does not support specifying dimensions.");
  }

  @ParameterizedTest
  @CsvSource({"0, integer_below_min_value", "1537, integer_above_max_value"})
  void outOfRangeDimensionsAreRejected(int dims, String code) {
    assertError(
        embed(Map.of("model", "text-embedding-3-small", "input", "a", "dimensions", dims)),
        400,
        "invalid_request_error",
        code);
  }

  @Test
  void unsupportedEncodingFormatIsRejected() {
    assertError(
        embed(Map.of("model", "text-embedding-3-small", "input", "a", "encoding_format", "int8")),
        400,
        "invalid_request_error",
        "invalid_value");
  }

  @Test
  void unrecognizedArgumentIsRejected() {
    HttpResponse<String> response =
        embed(Map.of("model", "text-embedding-3-small", "input", "a", "temperature", 0.2));

    assertError(response, 400, "invalid_request_error", null);
    assertThat(json(response).at("/error/message").stringValue())
        .isEqualTo("Unrecognized request argument supplied: temperature");
  }

  @Test
  void missingModelIsRejected() {
    assertError(embed(Map.of("input", "a")), 400, "invalid_request_error", null);
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodIsNotAllowed() {
    assertThat(post(server.baseUrl() + "/v1/chat/completions", KEY, "{}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> get =
        TestHttp.send(
            HttpRequest.newBuilder(URI.create(url()))
                .header("Authorization", "Bearer " + KEY)
                .build());
    assertError(get, 405, "invalid_request_error", null);
  }

  // ---- knobs ----

  @Test
  void failNextAnswersServerErrorsThenRecovers() {
    server.knobs().failNext(2, 503);
    Map<String, String> body = Map.of("model", "text-embedding-3-small", "input", "a");

    HttpResponse<String> first = embed(body);
    HttpResponse<String> second = embed(body);
    HttpResponse<String> third = embed(body);

    assertError(first, 503, "server_error", null);
    assertError(second, 503, "server_error", null);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(server.knobs().requestCount()).isEqualTo(3);
    assertThat(server.knobs().inputsServed()).isEqualTo(1);
  }

  @Test
  void injected500IsAServerError() {
    server.knobs().failNext(1, 500);

    assertError(
        embed(Map.of("model", "text-embedding-3-small", "input", "a")), 500, "server_error", null);
  }

  @Test
  void rateLimitedRequestCarriesRetryAfter() {
    server.knobs().rateLimitNext(1, Duration.ofMillis(1500));

    HttpResponse<String> limited = embed(Map.of("model", "text-embedding-3-large", "input", "a"));

    assertError(limited, 429, "requests", "rate_limit_exceeded");
    assertThat(limited.headers().firstValue("Retry-After")).contains("2");
    assertThat(limited.headers().firstValue("retry-after-ms")).contains("1500");
    assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).contains("1.5s");
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
    assertThat(json(limited).at("/error/message").stringValue())
        .contains("Rate limit reached for text-embedding-3-large");
    assertThat(embed(Map.of("model", "text-embedding-3-large", "input", "a")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void rateLimitsTakePrecedenceOverFailNext() {
    server.knobs().failNext(1, 500).rateLimitNext(1, Duration.ofSeconds(1));
    Map<String, String> body = Map.of("model", "text-embedding-3-small", "input", "a");

    assertThat(embed(body).statusCode()).isEqualTo(429);
    assertThat(embed(body).statusCode()).isEqualTo(500);
    assertThat(embed(body).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongKeyDoesNotConsumeInjectedFailures() {
    server.knobs().failNext(1, 503);

    assertThat(post(url(), "sk-nope-nope-nope", "{}").statusCode()).isEqualTo(401);
    assertThat(embed(Map.of("model", "text-embedding-3-small", "input", "a")).statusCode())
        .isEqualTo(503);
  }

  @Test
  void latencyDelaysEveryAnswerWithoutSerializingRequests() throws Exception {
    server.knobs().latency(Duration.ofMillis(400));
    String body = TestHttp.json(Map.of("model", "text-embedding-3-small", "input", "slow"));

    long started = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> post(url(), KEY, body)));
    }
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    assertThat(elapsedMillis).as("4 concurrent requests, 400 ms each").isLessThan(1400);
  }

  @Test
  void latencyAlsoDelaysErrors() {
    server.knobs().latency(Duration.ofMillis(250));

    long started = System.nanoTime();
    HttpResponse<String> response = post(url(), "sk-wrong-wrong-wrong", "{}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(250);
  }

  @Test
  void failureRateIsReproducibleForAGivenSeed() {
    Map<String, String> body = Map.of("model", "text-embedding-3-small", "input", "a");
    server.knobs().failureRate(0.5, 502, 7);
    List<Integer> first = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(embed(body).statusCode());
    }
    server.knobs().failureRate(0.5, 502, 7);
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      second.add(embed(body).statusCode());
    }

    assertThat(second).isEqualTo(first);
    assertThat(first).contains(200, 502).containsOnly(200, 502);
  }

  @Test
  void closedServerRefusesConnections() {
    String url = url();
    server.close();
    server.close(); // idempotent

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> post(url, KEY, "{}"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
