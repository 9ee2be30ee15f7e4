package fm.seda.embeddings.providers;

import java.util.List;

/** Vectors in the order of the texts sent, and the tokens the provider billed for them. */
public record ProviderResult(List<float[]> vectors, long tokens) {}
