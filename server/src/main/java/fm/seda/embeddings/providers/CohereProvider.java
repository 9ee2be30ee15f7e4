package fm.seda.embeddings.providers;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Cohere's embed v2 API ({@code POST {base}/v2/embed}) with float embeddings and, for embed-v4.0,
 * an {@code output_dimension}. Catalog and taste vectors are documents ({@code search_document});
 * tokens from {@code meta.billed_units.input_tokens}. At most 96 texts a call.
 */
public final class CohereProvider extends HttpEmbeddingProvider {

  public CohereProvider(
      String name,
      String baseUrl,
      String apiKey,
      String model,
      int dimension,
      ProviderTimeouts timeouts) {
    super(
        name,
        URI.create(OpenAiProvider.stripSlash(baseUrl) + "/v2/embed"),
        apiKey,
        model,
        dimension,
        timeouts);
  }

  @Override
  public String kind() {
    return "cohere";
  }

  @Override
  public int maxBatchSize() {
    return 96;
  }

  @Override
  public ProviderResult embed(List<String> texts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model());
    body.put("texts", texts);
    body.put("input_type", "search_document");
    body.put("embedding_types", List.of("float"));
    if (model().startsWith("embed-v4")) {
      body.put("output_dimension", dimension());
    }
    JsonNode answer = post(body);
    JsonNode floats = answer.path("embeddings").path("float");
    if (!floats.isArray()) {
      throw malformed("embeddings.float");
    }
    var vectors = new ArrayList<float[]>(texts.size());
    for (JsonNode v : floats) {
      vectors.add(floats(v));
    }
    requireCount(vectors, texts.size());
    return new ProviderResult(
        vectors, answer.path("meta").path("billed_units").path("input_tokens").asLong(0));
  }
}
