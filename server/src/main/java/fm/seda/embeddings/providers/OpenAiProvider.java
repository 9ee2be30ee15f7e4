package fm.seda.embeddings.providers;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's embeddings API ({@code POST {base}/v1/embeddings}): a list input, the model, and for the
 * text-embedding-3 models an explicit {@code dimensions}. Vectors come back with an {@code index},
 * which we use rather than trusting the order; tokens from {@code usage.prompt_tokens}.
 */
public final class OpenAiProvider extends HttpEmbeddingProvider {

  public OpenAiProvider(
      String name,
      String baseUrl,
      String apiKey,
      String model,
      int dimension,
      ProviderTimeouts timeouts) {
    super(
        name,
        URI.create(stripSlash(baseUrl) + "/v1/embeddings"),
        apiKey,
        model,
        dimension,
        timeouts);
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String kind() {
    return "openai";
  }

  @Override
  public int maxBatchSize() {
    return 2048;
  }

  @Override
  public ProviderResult embed(List<String> texts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", texts);
    body.put("model", model());
    body.put("encoding_format", "float");
    if (model().startsWith("text-embedding-3")) {
      body.put("dimensions", dimension());
    }
    JsonNode answer = post(body);
    JsonNode data = answer.path("data");
    if (!data.isArray()) {
      throw malformed("data");
    }
    float[][] ordered = new float[texts.size()][];
    for (JsonNode item : data) {
      int index = item.path("index").asInt(-1);
      if (index < 0 || index >= texts.size()) {
        throw malformed("a valid index");
      }
      ordered[index] = floats(item.path("embedding"));
    }
    List<float[]> vectors = new ArrayList<>(Arrays.asList(ordered));
    requireCount(vectors.stream().filter(v -> v != null).toList(), texts.size());
    return new ProviderResult(vectors, answer.path("usage").path("prompt_tokens").asLong(0));
  }
}
