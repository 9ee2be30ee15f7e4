package fm.seda.embeddings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** What became of a request: vectors, a wait with an ETA, or a refusal that says why. */
public sealed interface EmbeddingOutcome {

  /** Vectors in the order of the request's items, all from one model. */
  record Embedded(List<float[]> vectors, EmbeddingMeta meta, long tokens, BigDecimal costUsd)
      implements EmbeddingOutcome {}

  /**
   * Not computed now; try again after {@code eta} (spend cap reached, or no allowed provider up).
   */
  record Deferred(Duration eta, String reason) implements EmbeddingOutcome {}

  /** Will not be computed: the reason says why (non-essential work at the cap, residency rules). */
  record Refused(String reason) implements EmbeddingOutcome {}
}
