package fm.seda.recommendations;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of the home feed ("Recommended Rooms for You"), with the provenance of what ranked it.
 *
 * @param modelVersion the ranker, the weights variant and the collaborative model that scored it
 * @param embedding the provider, model and region of the taste vector it was searched with; null
 *     when the user has no taste vector yet
 */
public record FeedModule(
    String key,
    String title,
    String entityType,
    String modelVersion,
    @Nullable EmbeddingProvenance embedding,
    List<FeedItem> items) {

  public FeedModule {
    items = List.copyOf(items);
  }

  /** Which model in which region made the vectors behind a module. */
  public record EmbeddingProvenance(String provider, String model, String region) {}
}
