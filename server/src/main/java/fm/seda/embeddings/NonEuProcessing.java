package fm.seda.embeddings;

import java.util.Optional;
import java.util.UUID;

/**
 * The routing hook of the residency rules: may this EU request be processed outside the EU now (the
 * EU runner being unavailable)? The default answer, wired by the embeddings module, is "only with
 * the user's own opt-in or an executed organisation-wide override"; the residency module may
 * replace it with a richer policy.
 */
public interface NonEuProcessing {

  /**
   * A permission to process outside the EU, and the override that grants it (null for an opt-in).
   */
  record Permission(boolean allowed, Optional<UUID> overrideId, String reason) {}

  Permission decide(EmbeddingRequest request);
}
