package fm.seda.embeddings.providers;

import java.util.List;

/**
 * One embedding model behind one API: the local ONNX runner, a vendor, or the deterministic mock.
 * Implementations are thread-safe and do no batching, retrying or metering of their own; the
 * embeddings service wraps them with all of that.
 */
public interface EmbeddingProvider {

  /** The configured name of this provider (e.g. {@code local}, {@code openai}). */
  String name();

  /** The vendor kind stored in {@code embedding_meta.provider} (local, openai, cohere, mock). */
  String kind();

  /** The model stored in {@code embedding_meta.model}. */
  String model();

  /** The dimension of every vector this provider returns. */
  int dimension();

  /**
   * Where the computation happens: {@code eu} for the in-process EU runner, else {@code non-eu}.
   */
  String location();

  /**
   * Whether the model runs in this process (the local runner): its latency then measures this
   * machine's load, not a vendor's health.
   */
  default boolean inProcess() {
    return false;
  }

  /** The most items one call may carry (vendors cap it: OpenAI 2048, Cohere 96). */
  int maxBatchSize();

  /**
   * Embeds {@code texts} in order: result {@code i} is the vector of text {@code i}.
   *
   * @throws ProviderException when the provider refuses or fails; it says whether a retry may help
   */
  ProviderResult embed(List<String> texts);
}
