package fm.seda.recommendations;

import java.util.List;
import java.util.UUID;

/**
 * An item like another one ({@code GET /recommendations/{user}/similar/{type}/{id}}).
 *
 * @param score the best similarity any source gave it, 0..1
 * @param sources collaborative (item–item from the ALS factors) and/or content (embedding
 *     neighbours)
 */
public record SimilarItem(
    String entityType,
    UUID entityId,
    String name,
    List<String> genres,
    double score,
    List<String> sources) {

  public SimilarItem {
    genres = List.copyOf(genres);
    sources = List.copyOf(sources);
  }
}
