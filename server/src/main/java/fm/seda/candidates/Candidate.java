package fm.seda.candidates;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A proposed item for one user: what it is, its genres (for diversity and explanations), its
 * features, and each proposing source with the score that source gave it.
 *
 * @param familiar the user knows it already: they listened to, joined or imported it, or it is a
 *     playlist featuring an artist they follow (what the re-ranker's novelty rule counts as not
 *     new)
 * @param vector the item's embedding (a person's taste vector), as feature assembly read it: the
 *     re-ranker compares picks with it without reading it again; null when the item has none, or
 *     when one user's ranking did not need it (the content source scored the item itself), and the
 *     re-ranker then reads it if it compares the item
 */
public record Candidate(
    String entityType,
    UUID entityId,
    List<String> genres,
    CandidateFeatures features,
    Map<CandidateSource, Double> sourceScores,
    boolean familiar,
    float @Nullable [] vector) {

  public Candidate {
    genres = List.copyOf(genres);
    sourceScores = Map.copyOf(sourceScores);
  }

  public Set<CandidateSource> sources() {
    return sourceScores.keySet();
  }
}
