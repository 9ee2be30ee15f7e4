package fm.seda.sandbox;

import fm.seda.sandbox.VendorHttpServer.Request;
import fm.seda.sandbox.VendorHttpServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server that reproduces Cohere's v2 embed endpoint, {@code POST /v2/embed}, on
 * 127.0.0.1. Point a Cohere client's base URL at {@link #baseUrl()}.
 *
 * <p><b>Reproduced.</b>
 *
 * <ul>
 *   <li>Auth: {@code Authorization: Bearer <key>} must carry the key given to {@link #start}; a
 *       wrong key answers 401 {@code {"message":"invalid api token"}}, a missing one 401 {@code
 *       {"message":"no api key supplied"}}.
 *   <li>Request: {@code model} ({@code embed-v4.0} 1536 dims, {@code embed-english-v3.0} and {@code
 *       embed-multilingual-v3.0} 1024, {@code embed-english-light-v3.0} 384), {@code texts} (1 to
 *       {@value #MAX_TEXTS} non-empty strings), {@code input_type} (required: {@code
 *       search_document}, {@code search_query}, {@code classification} or {@code clustering}),
 *       {@code embedding_types} (default {@code ["float"]}; also {@code int8}, {@code uint8},
 *       {@code binary}, {@code ubinary}), {@code output_dimension} (embed-v4.0 only: 256, 512, 1024
 *       or 1536), {@code truncate} ({@code NONE}, {@code START}, default {@code END}) and {@code
 *       max_tokens}. Context is 512 tokens for v3 models and 128,000 for embed-v4.0; longer texts
 *       are truncated (and billed truncated) or, with {@code NONE}, rejected. Other fields are
 *       ignored.
 *   <li>Errors in Cohere's shape {@code {"message":"..."}}: 400 for malformed JSON, a missing or
 *       bad {@code input_type}, missing, empty or more than {@value #MAX_TEXTS} texts, a bad {@code
 *       embedding_types}, {@code output_dimension} or {@code truncate}; 404 "model 'x' not found,
 *       …" for an unknown model; 404/405 for an unknown path or a wrong method.
 *   <li>Response {@code {"id","embeddings":{"float":[[...]]},"texts","meta":{"api_version":
 *       {"version":"2"},"billed_units":{"input_tokens"}},"response_type":"embeddings_by_type"}}.
 *       Vectors are deterministic in (model, text) across runs and JVMs, L2-normalised, shortened
 *       by {@code output_dimension} as a renormalised prefix, and independent of {@code input_type}
 *       (so a query and a document with the same text match exactly). They mix per-text gaussian
 *       noise with a hashed bag of words, so texts sharing words are positively correlated
 *       (lexical, not semantic, similarity). Tokens are approximated as {@code max(1,
 *       ceil(codePoints / 4))} per text.
 *   <li>{@link VendorKnobs}: injected 5xx answer Cohere's internal-error messages; rate limits
 *       answer 429 with {@code Retry-After} and the trial-key message.
 * </ul>
 *
 * <p><b>Not reproduced.</b> Real tokenization and semantic vectors; the {@code images} and {@code
 * inputs} (multimodal) fields and the {@code base64} embedding type (answered 400); Cohere's exact
 * int8/binary calibration (the sandbox scales by the vector's largest coordinate); the v1 API and
 * other endpoints; {@code X-Client-Name} and warning headers; TLS. The server answers from the
 * loopback interface only.
 *
 * <p>Thread-safe; {@link #close()} stops the server and its threads.
 */
public final class MockCohereServer extends MockVendorServer {

  /** Maximum number of texts in one request. */
  public static final int MAX_TEXTS = 96;

  static final String EMBED_PATH = "/v2/embed";

  private record Model(int nativeDims, int contextTokens, boolean flexibleDimensions) {}

  private static final Map<String, Model> MODELS =
      Map.of(
          "embed-v4.0", new Model(1536, 128_000, true),
          "embed-english-v3.0", new Model(1024, 512, false),
          "embed-multilingual-v3.0", new Model(1024, 512, false),
          "embed-english-light-v3.0", new Model(384, 512, false));
  private static final List<Integer> OUTPUT_DIMENSIONS = List.of(256, 512, 1024, 1536);
  private static final List<String> INPUT_TYPES =
      List.of("search_document", "search_query", "classification", "clustering");
  private static final List<String> EMBEDDING_TYPES =
      List.of("float", "int8", "uint8", "binary", "ubinary");
  private static final String TRIAL_RATE_LIMIT =
      "You are using a Trial key, which is limited to 100 API calls / minute. You can continue to"
          + " use the Trial key for free or upgrade to a Production key with higher rate limits at"
          + " 'https://dashboard.cohere.com/api-keys'. Contact us on"
          + " 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions";

  private MockCohereServer(String apiKey, int port) {
    super("cohere", apiKey, port);
  }

  /** Starts a server on an ephemeral loopback port that accepts {@code apiKey}. */
  public static MockCohereServer start(String apiKey) {
    return new MockCohereServer(apiKey, 0);
  }

  /**
   * Starts a server on 127.0.0.1:{@code port} (0 for an ephemeral port) that accepts {@code
   * apiKey}.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  public static MockCohereServer start(String apiKey, int port) {
    return new MockCohereServer(apiKey, port);
  }

  // ---- request handling ----

  @Override
  Response handle(Request request) {
    if (!EMBED_PATH.equals(request.path())) {
      return message(404, "Not Found");
    }
    if (!request.isPost()) {
      return message(405, "Method Not Allowed").withHeader("Allow", "POST");
    }
    String token = request.bearerToken();
    if (token == null) {
      return message(401, "no api key supplied");
    }
    if (!VendorHttpServer.keyMatches(token, apiKey)) {
      return message(401, "invalid api token");
    }
    VendorKnobs.Fault fault = knobs().nextFault();
    if (fault != null) {
      return fault(fault);
    }
    return embed(Json.parse(request.body()));
  }

  private Response embed(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      return invalid("the request body must be a valid JSON object");
    }
    JsonNode modelNode = body.get("model");
    if (modelNode == null || modelNode.isNull()) {
      return invalid("model must be specified");
    }
    if (!modelNode.isString()) {
      return invalid("model must be a string, got " + Json.typeOf(modelNode));
    }
    String modelName = modelNode.stringValue();
    Model model = MODELS.get(modelName);
    if (model == null) {
      return message(
          404,
          "model '"
              + modelName
              + "' not found, make sure the correct model ID was used and that you have access to"
              + " the model.");
    }
    if (present(body, "images") || present(body, "inputs")) {
      return invalid(
          "the sandbox reproduces text embeddings only; 'images' and 'inputs' are not supported");
    }

    JsonNode inputType = body.get("input_type");
    if (inputType == null || inputType.isNull()) {
      return invalid(
          "input_type is required for "
              + modelName
              + "; use one of "
              + String.join(", ", INPUT_TYPES));
    }
    if (!inputType.isString() || !INPUT_TYPES.contains(inputType.stringValue())) {
      return invalid(
          "input_type must be one of "
              + String.join(", ", INPUT_TYPES)
              + ", got "
              + (inputType.isString() ? "'" + inputType.stringValue() + "'" : inputType));
    }

    JsonNode textsNode = body.get("texts");
    if (textsNode == null || textsNode.isNull()) {
      return invalid("texts must be specified");
    }
    if (!textsNode.isArray()) {
      return invalid("texts must be an array of strings, got " + Json.typeOf(textsNode));
    }
    if (textsNode.isEmpty()) {
      return invalid("texts must contain at least one text");
    }
    if (textsNode.size() > MAX_TEXTS) {
      return invalid(
          "total number of texts must be at most " + MAX_TEXTS + " - received " + textsNode.size());
    }
    List<String> texts = new ArrayList<>(textsNode.size());
    for (int i = 0; i < textsNode.size(); i++) {
      JsonNode text = textsNode.get(i);
      if (!text.isString()) {
        return invalid("texts[" + i + "] must be a string, got " + Json.typeOf(text));
      }
      if (text.stringValue().isEmpty()) {
        return invalid("texts[" + i + "] must not be empty");
      }
      texts.add(text.stringValue());
    }

    Set<String> types = new LinkedHashSet<>();
    JsonNode typesNode = body.get("embedding_types");
    if (typesNode == null || typesNode.isNull()) {
      types.add("float");
    } else {
      if (!typesNode.isArray() || typesNode.isEmpty()) {
        return invalid("embedding_types must be a non-empty array of strings");
      }
      for (JsonNode type : typesNode.values()) {
        if (!type.isString() || !EMBEDDING_TYPES.contains(type.stringValue())) {
          return invalid(
              "embedding_types must only contain "
                  + String.join(", ", EMBEDDING_TYPES)
                  + " (the sandbox does not reproduce base64), got "
                  + type);
        }
        types.add(type.stringValue());
      }
    }

    int dims = model.nativeDims();
    JsonNode outputDimension = body.get("output_dimension");
    if (outputDimension != null && !outputDimension.isNull()) {
      if (!model.flexibleDimensions()) {
        return invalid(
            "output_dimension is not supported by " + modelName + "; only embed-v4.0 supports it");
      }
      if (!outputDimension.isIntegralNumber()
          || !outputDimension.canConvertToInt()
          || !OUTPUT_DIMENSIONS.contains(outputDimension.intValue())) {
        return invalid(
            "output_dimension must be one of 256, 512, 1024, 1536, got " + outputDimension);
      }
      dims = outputDimension.intValue();
    }

    String truncate = "END";
    JsonNode truncateNode = body.get("truncate");
    if (truncateNode != null && !truncateNode.isNull()) {
      String value =
          truncateNode.isString() ? truncateNode.stringValue().toUpperCase(Locale.ROOT) : "";
      if (!List.of("NONE", "START", "END").contains(value)) {
        return invalid("truncate must be one of NONE, START, END, got " + truncateNode);
      }
      truncate = value;
    }

    int maxTokens = model.contextTokens();
    JsonNode maxTokensNode = body.get("max_tokens");
    if (maxTokensNode != null && !maxTokensNode.isNull()) {
      if (!maxTokensNode.isIntegralNumber()
          || !maxTokensNode.canConvertToInt()
          || maxTokensNode.intValue() < 1) {
        return invalid("max_tokens must be a positive integer, got " + maxTokensNode);
      }
      maxTokens = Math.min(maxTokens, maxTokensNode.intValue());
    }

    long billed = 0;
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      int tokens = DeterministicVectors.approximateTokens(text);
      if (tokens > maxTokens) {
        if (truncate.equals("NONE")) {
          return invalid(
              "texts["
                  + i
                  + "] is too long: about "
                  + tokens
                  + " tokens, the maximum is "
                  + maxTokens
                  + "; shorten it or set truncate to START or END");
        }
        text = truncate(text, maxTokens * 4, truncate.equals("START"));
        tokens = maxTokens;
      }
      billed += tokens;
      vectors.add(
          DeterministicVectors.embed("cohere:" + modelName, text, model.nativeDims(), dims));
    }

    Map<String, Object> embeddings = new LinkedHashMap<>();
    for (String type : types) {
      embeddings.put(type, vectors.stream().map(v -> encode(v, type)).toList());
    }
    knobs().served(texts.size());
    return Response.json(
        200,
        Json.object(
            "id",
            UUID.randomUUID().toString(),
            "embeddings",
            embeddings,
            "texts",
            texts,
            "meta",
            Json.object(
                "api_version",
                Json.object("version", "2"),
                "billed_units",
                Json.object("input_tokens", billed)),
            "response_type",
            "embeddings_by_type"));
  }

  private static boolean present(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node != null && !node.isNull();
  }

  /** Keeps the first (or, from the start, the last) {@code codePoints} code points. */
  private static String truncate(String text, int codePoints, boolean fromStart) {
    int total = text.codePointCount(0, text.length());
    if (total <= codePoints) {
      return text;
    }
    return fromStart
        ? text.substring(text.offsetByCodePoints(0, total - codePoints))
        : text.substring(0, text.offsetByCodePoints(0, codePoints));
  }

  /**
   * A unit vector in one of Cohere's embedding types. int8 scales by the largest coordinate to
   * [-127, 127]; uint8 adds 128; ubinary packs sign bits (1 for positive), eight per byte, most
   * significant first; binary is ubinary minus 128.
   */
  static Object encode(float[] vector, String type) {
    return switch (type) {
      case "float" -> vector;
      case "int8", "uint8" -> {
        float max = 0f;
        for (float value : vector) {
          max = Math.max(max, Math.abs(value));
        }
        int offset = type.equals("uint8") ? 128 : 0;
        int[] quantized = new int[vector.length];
        for (int d = 0; d < vector.length; d++) {
          quantized[d] = (max == 0f ? 0 : Math.round(vector[d] / max * 127f)) + offset;
        }
        yield quantized;
      }
      case "binary", "ubinary" -> {
        int offset = type.equals("binary") ? -128 : 0;
        int[] packed = new int[(vector.length + 7) / 8];
        for (int d = 0; d < vector.length; d++) {
          if (vector[d] > 0f) {
            packed[d / 8] |= 1 << (7 - d % 8);
          }
        }
        for (int b = 0; b < packed.length; b++) {
          packed[b] += offset;
        }
        yield packed;
      }
      default -> throw new IllegalArgumentException("unknown embedding type " + type);
    };
  }

  // ---- error answers in Cohere's shape ----

  private Response fault(VendorKnobs.Fault fault) {
    int status = fault.status();
    Response response =
        switch (status) {
          case 429 -> message(429, TRIAL_RATE_LIMIT);
          case 401 -> message(401, "invalid api token");
          case 500 ->
              message(
                  500,
                  "internal server error, this has been reported to our developers. id "
                      + UUID.randomUUID());
          case 502 -> message(502, "bad gateway");
          case 503 -> message(503, "service unavailable, please try again later");
          case 504 -> message(504, "gateway timeout");
          default ->
              status >= 500
                  ? message(
                      status, "internal server error, this has been reported to our developers")
                  : message(status, "sandbox-injected failure (HTTP " + status + ")");
        };
    Duration retryAfter = fault.retryAfter();
    if (status == 429 && retryAfter != null) {
      response =
          response.withHeader(
              "Retry-After", Long.toString(VendorKnobs.retryAfterSeconds(retryAfter)));
    }
    return response;
  }

  private static Response invalid(String message) {
    return message(400, "invalid request: " + message + ".");
  }

  private static Response message(int status, String message) {
    return Response.json(status, Json.object("message", message));
  }
}
