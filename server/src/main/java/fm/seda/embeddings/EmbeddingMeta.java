package fm.seda.embeddings;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The provenance every stored vector carries ({@code embedding_meta}): which model made it, its
 * dimension, the region that processed it ({@code eu}, {@code us}, or {@code non-eu-temp} for an EU
 * user's data processed outside the EU under a fallback), and the override that allowed that.
 */
public record EmbeddingMeta(
    String provider,
    String model,
    int dim,
    String region,
    String version,
    Instant computedAt,
    @Nullable UUID overrideId) {

  /** The ANN space a vector belongs to: vectors are comparable only within one space. */
  public String space() {
    return provider + "/" + model + "/" + dim;
  }
}
