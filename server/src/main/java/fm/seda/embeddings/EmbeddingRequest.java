package fm.seda.embeddings;

import fm.seda.regions.Region;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A request for vectors.
 *
 * @param region the region whose data this is: decides the model and where the audit rows go
 * @param allowNonEuFallback the EU user's own consent to temporary non-EU processing during an EU
 *     runner outage ({@code privacy_settings.allow_non_eu_fallback}); ignored for non-EU data
 * @param jobId the background job this belongs to, for cost attribution, or null
 */
public record EmbeddingRequest(
    Purpose purpose,
    Region region,
    Priority priority,
    List<EmbeddingInput> items,
    boolean allowNonEuFallback,
    @Nullable UUID jobId) {

  public static EmbeddingRequest of(
      Purpose purpose, Region region, Priority priority, List<EmbeddingInput> items) {
    return new EmbeddingRequest(purpose, region, priority, items, false, null);
  }
}
