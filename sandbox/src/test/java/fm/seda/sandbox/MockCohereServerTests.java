package fm.seda.sandbox;

import static fm.seda.sandbox.TestHttp.cosine;
import static fm.seda.sandbox.TestHttp.floats;
import static fm.seda.sandbox.TestHttp.json;
import static fm.seda.sandbox.TestHttp.norm;
import static fm.seda.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class MockCohereServerTests {

  private static final String KEY = "cohere-test-key";

  private MockCohereServer server;

  @BeforeEach
  void start() {
    server = MockCohereServer.start(KEY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String url() {
    return server.baseUrl() + "/v2/embed";
  }

  private HttpResponse<String> embed(Map<String, ?> body) {
    return post(url(), KEY, TestHttp.json(body));
  }

  /** A valid request body to tweak: embed-v4.0, two texts, search_document, float. */
  private static Map<String, Object> request() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "embed-v4.0");
    body.put("texts", List.of("hello world", "goodbye moon"));
    body.put("input_type", "search_document");
    body.put("embedding_types", List.of("float"));
    return body;
  }

  private static Map<String, Object> request(String key, Object value) {
    Map<String, Object> body = request();
    body.put(key, value);
    return body;
  }

  private static void assertMessage(HttpResponse<String> response, int status, String prefix) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = json(response);
    assertThat(body.propertyNames()).containsExactly("message");
    assertThat(body.get("message").stringValue()).startsWith(prefix);
  }

  // ---- happy path ----

  @Test
  void embedAnswersTheCohereV2Shape() {
    HttpResponse<String> response = embed(request());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(UUID.fromString(body.get("id").stringValue())).isNotNull();
    assertThat(body.get("response_type").stringValue()).isEqualTo("embeddings_by_type");
    assertThat(body.at("/embeddings/float")).hasSize(2);
    assertThat(body.at("/embeddings/float/0")).hasSize(1536);
    assertThat(body.get("texts").get(1).stringValue()).isEqualTo("goodbye moon");
    assertThat(body.at("/meta/api_version/version").stringValue()).isEqualTo("2");
    // ceil(11/4) + ceil(12/4) = 3 + 3
    assertThat(body.at("/meta/billed_units/input_tokens").intValue()).isEqualTo(6);
    assertThat(server.knobs().inputsServed()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
    "embed-v4.0, 1536",
    "embed-english-v3.0, 1024",
    "embed-multilingual-v3.0, 1024",
    "embed-english-light-v3.0, 384"
  })
  void eachModelAnswersItsDimensions(String model, int dims) {
    JsonNode body = json(embed(request("model", model)));

    assertThat(body.at("/embeddings/float/0")).hasSize(dims);
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 512, 1024, 1536})
  void outputDimensionShortensEmbedV4Vectors(int dims) {
    float[] vector =
        floats(json(embed(request("output_dimension", dims))).at("/embeddings/float/0"));

    assertThat(vector).hasSize(dims);
    assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void embeddingTypesDefaultToFloat() {
    Map<String, Object> body = request();
    body.remove("embedding_types");

    assertThat(json(embed(body)).get("embeddings").propertyNames()).containsExactly("float");
  }

  @Test
  void quantizedTypesAreAnsweredAlongsideFloat() {
    JsonNode embeddings =
        json(embed(
                request("embedding_types", List.of("float", "int8", "uint8", "binary", "ubinary"))))
            .get("embeddings");

    assertThat(embeddings.propertyNames())
        .containsExactly("float", "int8", "uint8", "binary", "ubinary");
    assertThat(embeddings.at("/int8/0")).hasSize(1536);
    assertThat(embeddings.at("/ubinary/0")).hasSize(1536 / 8);
    for (JsonNode value : embeddings.at("/int8/0")) {
      assertThat(value.intValue()).isBetween(-127, 127);
    }
    for (JsonNode value : embeddings.at("/ubinary/0")) {
      assertThat(value.intValue()).isBetween(0, 255);
    }
    assertThat(embeddings.at("/uint8/0/0").intValue())
        .isEqualTo(embeddings.at("/int8/0/0").intValue() + 128);
    assertThat(embeddings.at("/binary/0/0").intValue())
        .isEqualTo(embeddings.at("/ubinary/0/0").intValue() - 128);
  }

  @Test
  void sameTextGivesTheSameNormalisedVectorWhateverTheInputType() {
    float[] document =
        floats(json(embed(request("texts", List.of("Björk")))).at("/embeddings/float/0"));
    float[] query =
        floats(
            json(embed(
                    Map.of(
                        "model", "embed-v4.0",
                        "texts", List.of("Björk"),
                        "input_type", "search_query")))
                .at("/embeddings/float/0"));

    assertThat(query).containsExactly(document);
    assertThat(norm(document)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void differentTextsGiveDifferentVectors() {
    JsonNode floats = json(embed(request())).at("/embeddings/float");

    assertThat(cosine(floats(floats.get(0)), floats(floats.get(1)))).isLessThan(0.5);
  }

  @Test
  void longTextsAreTruncatedAndBilledAtTheContextLimitByDefault() {
    Map<String, Object> request = request("model", "embed-english-v3.0");
    request.put("texts", List.of("y".repeat(4000)));

    JsonNode body = json(embed(request));

    assertThat(body.at("/meta/billed_units/input_tokens").intValue()).isEqualTo(512);
  }

  @Test
  void truncateNoneRejectsTextsOverTheContextLimit() {
    Map<String, Object> body = request("model", "embed-english-v3.0");
    body.put("texts", List.of("y".repeat(4000)));
    body.put("truncate", "NONE");

    assertMessage(embed(body), 400, "invalid request: texts[0] is too long");
  }

  // ---- auth ----

  @Test
  void wrongKeyIsRejectedAsInvalidApiToken() {
    HttpResponse<String> response = post(url(), "nope", TestHttp.json(request()));

    assertMessage(response, 401, "invalid api token");
  }

  @Test
  void missingKeyIsRejectedWith401() {
    assertMessage(post(url(), null, TestHttp.json(request())), 401, "no api key supplied");
  }

  // ---- validation ----

  @Test
  void missingInputTypeIsRejected() {
    Map<String, Object> body = request();
    body.remove("input_type");

    assertMessage(embed(body), 400, "invalid request: input_type is required");
  }

  @Test
  void unknownInputTypeIsRejected() {
    assertMessage(embed(request("input_type", "search")), 400, "invalid request: input_type");
  }

  @Test
  void moreThan96TextsAreRejected() {
    HttpResponse<String> response = embed(request("texts", Collections.nCopies(97, "x")));

    assertMessage(
        response, 400, "invalid request: total number of texts must be at most 96 - received 97");
  }

  @Test
  void exactly96TextsAreServed() {
    assertThat(embed(request("texts", Collections.nCopies(96, "x"))).statusCode()).isEqualTo(200);
  }

  @Test
  void emptyTextsAreRejected() {
    assertMessage(embed(request("texts", List.of())), 400, "invalid request: texts");
  }

  @Test
  void emptyTextItemIsRejected() {
    assertMessage(
        embed(request("texts", List.of("a", ""))), 400, "invalid request: texts[1] must not");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 300, 3072})
  void unsupportedOutputDimensionIsRejected(int dims) {
    assertMessage(
        embed(request("output_dimension", dims)), 400, "invalid request: output_dimension");
  }

  @Test
  void outputDimensionOnV3ModelsIsRejected() {
    Map<String, Object> body = request("model", "embed-english-v3.0");
    body.put("output_dimension", 256);

    assertMessage(embed(body), 400, "invalid request: output_dimension is not supported");
  }

  @Test
  void unknownModelIsNotFound() {
    assertMessage(embed(request("model", "embed-v9")), 404, "model 'embed-v9' not found");
  }

  @Test
  void malformedJsonIsRejected() {
    assertMessage(post(url(), KEY, "{\"texts\": ["), 400, "invalid request");
  }

  @Test
  void unsupportedEmbeddingTypeIsRejected() {
    assertMessage(
        embed(request("embedding_types", List.of("base64"))),
        400,
        "invalid request: embedding_types");
  }

  // ---- knobs ----

  @Test
  void failNextAnswersCohereServerErrorsThenRecovers() {
    server.knobs().failNext(1, 500);

    assertMessage(embed(request()), 500, "internal server error");
    assertThat(embed(request()).statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedRequestCarriesRetryAfter() {
    server.knobs().rateLimitNext(2, Duration.ofSeconds(3));

    HttpResponse<String> first = embed(request());
    HttpResponse<String> second = embed(request());

    assertMessage(first, 429, "You are using a Trial key, which is limited to");
    assertThat(first.headers().firstValue("Retry-After")).contains("3");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(embed(request()).statusCode()).isEqualTo(200);
    assertThat(server.knobs().inputsServed()).isEqualTo(2);
  }

  @Test
  void latencyDelaysAnswers() {
    server.knobs().latency(Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThat(embed(request()).statusCode()).isEqualTo(200);

    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
  }
}
