package fm.seda.sandbox;

import fm.seda.sandbox.VendorHttpServer.Request;
import fm.seda.sandbox.VendorHttpServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server that reproduces OpenAI's embeddings endpoint, {@code POST /v1/embeddings}, on
 * 127.0.0.1. Point an OpenAI client's base URL at {@link #baseUrl()} + {@code /v1}.
 *
 * <p><b>Reproduced.</b>
 *
 * <ul>
 *   <li>Auth: {@code Authorization: Bearer <key>} must carry the key given to {@link #start}; a
 *       wrong key answers 401 {@code invalid_api_key} ("Incorrect API key provided: sk-…"), a
 *       missing one 401 "You didn't provide an API key…" (code {@code null}, as OpenAI does).
 *   <li>Request: {@code input} (a string, an array of strings, an array of token ids or an array of
 *       token-id arrays), {@code model} ({@code text-embedding-3-small} 1536 dims, {@code
 *       text-embedding-3-large} 3072, {@code text-embedding-ada-002} 1536), optional {@code
 *       dimensions} (text-embedding-3-* only; shortens the vector), {@code encoding_format} ({@code
 *       float} or {@code base64}: little-endian float32) and {@code user} (ignored).
 *   <li>Errors in OpenAI's shape {@code {"error":{"message","type","param","code"}}}: 404 {@code
 *       model_not_found}; 400 {@code invalid_request_error} for malformed JSON, an unrecognized
 *       argument, a missing model or input, an empty input or empty item, more than {@value
 *       #MAX_INPUTS} inputs, an item over {@value #MAX_TOKENS_PER_INPUT} tokens, a bad {@code
 *       dimensions} or {@code encoding_format}; 400 {@code max_tokens_per_request} over {@value
 *       #MAX_TOKENS_PER_REQUEST} tokens in total; 404 for an unknown path, 405 for a wrong method.
 *   <li>Response {@code {"object":"list","data":[{"object":"embedding","index",
 *       "embedding"}],"model","usage":{"prompt_tokens","total_tokens"}}}, with {@code
 *       x-request-id}, {@code openai-version} and {@code openai-processing-ms} headers. Vectors are
 *       deterministic in (model, text) across runs and JVMs, L2-normalised, and shortened by {@code
 *       dimensions} as a renormalised prefix of the native vector. They mix per-text gaussian noise
 *       with a hashed bag of words, so texts sharing words are positively correlated (lexical, not
 *       semantic, similarity). Token ids are embedded as their decimal list. Tokens are
 *       approximated as {@code max(1, ceil(codePoints / 4))} per string item and the array length
 *       per token-id item.
 *   <li>{@link VendorKnobs}: injected 5xx answer {@code type: "server_error"}; rate limits answer
 *       429 {@code rate_limit_exceeded} (type {@code requests}) with {@code Retry-After}, {@code
 *       retry-after-ms}, {@code x-ratelimit-reset-requests} (e.g. {@code 1s}), {@code
 *       x-ratelimit-limit-requests} and {@code x-ratelimit-remaining-requests: 0}.
 * </ul>
 *
 * <p><b>Not reproduced.</b> Real tokenization (tiktoken) and real semantic vectors; the other
 * OpenAI endpoints; organization/project headers; rate-limit headers on successful answers; the
 * {@code -v2} suffix OpenAI reports as the model of ada-002 (the requested name is echoed); TLS.
 * The server answers from the loopback interface only.
 *
 * <p>Thread-safe; {@link #close()} stops the server and its threads.
 */
public final class MockOpenAiServer extends MockVendorServer {

  /** Maximum number of inputs in one request. */
  public static final int MAX_INPUTS = 2048;

  /** Maximum tokens of one input. */
  public static final int MAX_TOKENS_PER_INPUT = 8191;

  /** Maximum tokens summed over the inputs of one request. */
  public static final int MAX_TOKENS_PER_REQUEST = 300_000;

  static final String EMBEDDINGS_PATH = "/v1/embeddings";

  private static final Map<String, Integer> NATIVE_DIMENSIONS =
      Map.of(
          "text-embedding-3-small", 1536,
          "text-embedding-3-large", 3072,
          "text-embedding-ada-002", 1536);
  private static final Set<String> ARGUMENTS =
      Set.of("input", "model", "dimensions", "encoding_format", "user");
  private static final String API_REFERENCE =
      " Please check the API reference: https://platform.openai.com/docs/api-reference.";

  private MockOpenAiServer(String apiKey, int port) {
    super("openai", apiKey, port);
  }

  /** Starts a server on an ephemeral loopback port that accepts {@code apiKey}. */
  public static MockOpenAiServer start(String apiKey) {
    return new MockOpenAiServer(apiKey, 0);
  }

  /**
   * Starts a server on 127.0.0.1:{@code port} (0 for an ephemeral port) that accepts {@code
   * apiKey}.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  public static MockOpenAiServer start(String apiKey, int port) {
    return new MockOpenAiServer(apiKey, port);
  }

  // ---- request handling ----

  @Override
  Response handle(Request request) {
    if (!EMBEDDINGS_PATH.equals(request.path())) {
      return error(
          404,
          "Invalid URL (" + request.method() + " " + request.path() + ")",
          "invalid_request_error",
          null,
          null);
    }
    if (!request.isPost()) {
      return error(
          405,
          "Invalid method for URL (" + request.method() + " " + request.path() + ")",
          "invalid_request_error",
          null,
          null);
    }
    String token = request.bearerToken();
    if (token == null) {
      return error(
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization"
              + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an"
              + " API key from https://platform.openai.com/account/api-keys.",
          "invalid_request_error",
          null,
          null);
    }
    if (!VendorHttpServer.keyMatches(token, apiKey)) {
      return invalidApiKey(token);
    }
    JsonNode body = Json.parse(request.body());
    VendorKnobs.Fault fault = knobs().nextFault();
    if (fault != null) {
      return fault(fault, body, token);
    }
    long started = System.nanoTime();
    Response response = embed(body);
    long millis = (System.nanoTime() - started) / 1_000_000;
    return response
        .withHeader("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""))
        .withHeader("openai-version", "2020-10-01")
        .withHeader("openai-processing-ms", Long.toString(millis));
  }

  private Response embed(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      return invalid(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but what"
              + " was sent was not valid JSON.)",
          null,
          null);
    }
    for (String name : body.propertyNames()) {
      if (!ARGUMENTS.contains(name)) {
        return invalid("Unrecognized request argument supplied: " + name, null, null);
      }
    }
    JsonNode modelNode = body.get("model");
    if (modelNode == null || modelNode.isNull()) {
      return invalid(
          "You must provide a model parameter. Available embedding models: "
              + String.join(", ", NATIVE_DIMENSIONS.keySet().stream().sorted().toList())
              + ".",
          "model",
          null);
    }
    if (!modelNode.isString()) {
      return invalidType("model", "a string", modelNode);
    }
    String model = modelNode.stringValue();
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      return invalid("'input' is a required property", "input", null);
    }
    Integer nativeDims = NATIVE_DIMENSIONS.get(model);
    if (nativeDims == null) {
      return error(
          404,
          "The model `" + model + "` does not exist or you do not have access to it.",
          "invalid_request_error",
          null,
          "model_not_found");
    }

    boolean base64 = false;
    JsonNode format = body.get("encoding_format");
    if (format != null && !format.isNull()) {
      if (!format.isString()
          || !(format.stringValue().equals("float") || format.stringValue().equals("base64"))) {
        return invalid(
            "Invalid value: '"
                + (format.isString() ? format.stringValue() : format.toString())
                + "'. Supported values are: 'float' and 'base64'.",
            "encoding_format",
            "invalid_value");
      }
      base64 = format.stringValue().equals("base64");
    }

    int dims = nativeDims;
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null && !dimensions.isNull()) {
      if (model.equals("text-embedding-ada-002")) {
        return invalid("This model does not support specifying dimensions.", null, null);
      }
      if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt()) {
        return invalidType("dimensions", "an integer", dimensions);
      }
      dims = dimensions.intValue();
      if (dims < 1) {
        return invalid(
            "Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got "
                + dims
                + " instead.",
            "dimensions",
            "integer_below_min_value");
      }
      if (dims > nativeDims) {
        return invalid(
            "Invalid 'dimensions': "
                + dims
                + " is larger than the "
                + nativeDims
                + " dimensions of "
                + model
                + ".",
            "dimensions",
            "integer_above_max_value");
      }
    }

    List<Item> items = new ArrayList<>();
    Response inputError = parseInput(input, items);
    if (inputError != null) {
      return inputError;
    }
    long totalTokens = 0;
    for (int i = 0; i < items.size(); i++) {
      int tokens = items.get(i).tokens();
      if (tokens > MAX_TOKENS_PER_INPUT) {
        return invalid(
            "This model's maximum context length is "
                + MAX_TOKENS_PER_INPUT
                + " tokens, however you requested "
                + tokens
                + " tokens ("
                + tokens
                + " in your prompt; 0 for the completion) in input["
                + i
                + "]. Please reduce your prompt; or completion length.",
            "input",
            null);
      }
      totalTokens += tokens;
    }
    if (totalTokens > MAX_TOKENS_PER_REQUEST) {
      return error(
          400,
          "Requested "
              + totalTokens
              + " tokens, max "
              + MAX_TOKENS_PER_REQUEST
              + " tokens per request",
          "max_tokens_per_request",
          null,
          "max_tokens_per_request");
    }

    List<Object> data = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      float[] vector =
          DeterministicVectors.embed("openai:" + model, items.get(i).text(), nativeDims, dims);
      data.add(
          Json.object(
              "object",
              "embedding",
              "index",
              i,
              "embedding",
              base64 ? DeterministicVectors.base64(vector) : vector));
    }
    knobs().served(items.size());
    return Response.json(
        200,
        Json.object(
            "object",
            "list",
            "data",
            data,
            "model",
            model,
            "usage",
            Json.object("prompt_tokens", totalTokens, "total_tokens", totalTokens)));
  }

  /** One input: the text its vector is derived from, and its token count. */
  private record Item(String text, int tokens) {}

  /** Fills {@code items} from {@code input}, or returns the 400 answer for an invalid input. */
  private static @Nullable Response parseInput(JsonNode input, List<Item> items) {
    if (input.isString()) {
      if (input.stringValue().isEmpty()) {
        return invalid("'$.input' is invalid: the input must not be an empty string.", "input");
      }
      items.add(textItem(input.stringValue()));
      return null;
    }
    if (!input.isArray()) {
      return invalid(
          "'$.input' is invalid: expected a string, an array of strings, an array of tokens or an"
              + " array of token arrays, but got "
              + Json.typeOf(input)
              + ".",
          "input");
    }
    if (input.isEmpty()) {
      return invalid("'$.input' is invalid: the input must not be an empty array.", "input");
    }
    JsonNode first = input.get(0);
    if (first.isIntegralNumber()) {
      Item tokens = tokenItem(input);
      if (tokens == null) {
        return invalid(
            "'$.input' is invalid: an array of tokens must contain only non-negative integers.",
            "input");
      }
      items.add(tokens);
      return null;
    }
    if (input.size() > MAX_INPUTS) {
      return invalid(
          "'$.input' is invalid: "
              + input.size()
              + " inputs were given, but at most "
              + MAX_INPUTS
              + " inputs are allowed per request.",
          "input");
    }
    for (int i = 0; i < input.size(); i++) {
      JsonNode element = input.get(i);
      String where = "'$.input[" + i + "]' is invalid: ";
      if (first.isString()) {
        if (!element.isString()) {
          return invalid(
              where + "expected a string, but got " + Json.typeOf(element) + ".", "input");
        }
        if (element.stringValue().isEmpty()) {
          return invalid(where + "input strings must not be empty.", "input");
        }
        items.add(textItem(element.stringValue()));
      } else if (first.isArray()) {
        Item tokens = element.isArray() && !element.isEmpty() ? tokenItem(element) : null;
        if (tokens == null) {
          return invalid(
              where + "expected a non-empty array of non-negative integer tokens.", "input");
        }
        items.add(tokens);
      } else {
        return invalid(
            where
                + "expected a string or an array of tokens, but got "
                + Json.typeOf(element)
                + ".",
            "input");
      }
    }
    return null;
  }

  private static Item textItem(String text) {
    return new Item(text, DeterministicVectors.approximateTokens(text));
  }

  private static @Nullable Item tokenItem(JsonNode tokens) {
    StringBuilder text = new StringBuilder("\u0002tokens:");
    for (JsonNode token : tokens.values()) {
      if (!token.isIntegralNumber() || !token.canConvertToInt() || token.intValue() < 0) {
        return null;
      }
      text.append(token.intValue()).append(' ');
    }
    return new Item(text.toString(), tokens.size());
  }

  // ---- error answers in OpenAI's shape ----

  private Response fault(VendorKnobs.Fault fault, @Nullable JsonNode body, String token) {
    int status = fault.status();
    if (status == 429) {
      String model = "text-embedding-3-small";
      if (body != null && body.isObject() && body.path("model").isString()) {
        model = body.path("model").stringValue();
      }
      Duration retryAfter =
          fault.retryAfter() == null ? VendorKnobs.DEFAULT_RETRY_AFTER : fault.retryAfter();
      Response response =
          error(
              429,
              "Rate limit reached for "
                  + model
                  + " in organization org-sandbox on requests per min (RPM): Limit 3000, Used"
                  + " 3000, Requested 1. Please try again in "
                  + goDuration(retryAfter)
                  + ". Visit https://platform.openai.com/account/rate-limits to learn more.",
              "requests",
              null,
              "rate_limit_exceeded");
      if (fault.retryAfter() == null) {
        return response; // failNext(…, 429): the body only, like a 429 from a proxy
      }
      return response
          .withHeader("Retry-After", Long.toString(VendorKnobs.retryAfterSeconds(retryAfter)))
          .withHeader("retry-after-ms", Long.toString(retryAfter.toMillis()))
          .withHeader("x-ratelimit-limit-requests", "3000")
          .withHeader("x-ratelimit-remaining-requests", "0")
          .withHeader("x-ratelimit-reset-requests", goDuration(retryAfter));
    }
    if (status == 401) {
      return invalidApiKey(token);
    }
    if (status >= 500) {
      String message =
          switch (status) {
            case 502 -> "Bad gateway.";
            case 503 -> "The engine is currently overloaded, please try again later.";
            case 504 -> "Gateway timeout.";
            default -> "The server had an error while processing your request. Sorry about that!";
          };
      return error(status, message, "server_error", null, null);
    }
    return error(
        status,
        "Sandbox-injected failure (HTTP " + status + ").",
        "invalid_request_error",
        null,
        null);
  }

  private static Response invalidApiKey(String token) {
    return error(
        401,
        "Incorrect API key provided: "
            + mask(token)
            + ". You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        null,
        "invalid_api_key");
  }

  private static Response invalid(String message, @Nullable String param) {
    return invalid(message + API_REFERENCE, param, null);
  }

  private static Response invalid(String message, @Nullable String param, @Nullable String code) {
    return error(400, message, "invalid_request_error", param, code);
  }

  private static Response invalidType(String param, String expected, JsonNode actual) {
    return invalid(
        "Invalid type for '"
            + param
            + "': expected "
            + expected
            + ", but got "
            + Json.typeOf(actual)
            + " instead.",
        param,
        "invalid_type");
  }

  private static Response error(
      int status, String message, String type, @Nullable String param, @Nullable String code) {
    return Response.json(
        status,
        Json.object(
            "error", Json.object("message", message, "type", type, "param", param, "code", code)));
  }

  /** OpenAI's key masking: a few characters of each end, stars in between. */
  static String mask(String key) {
    if (key.length() <= 8) {
      return "*".repeat(key.length());
    }
    return key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
  }

  /** A duration as Go prints it, the format of OpenAI's {@code x-ratelimit-reset-*} headers. */
  static String goDuration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    long seconds = millis / 1000 % 60;
    long fraction = millis % 1000;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    text.append(seconds);
    if (fraction > 0) {
      text.append('.').append(String.format("%03d", fraction).replaceAll("0+$", ""));
    }
    return text.append('s').toString();
  }
}
