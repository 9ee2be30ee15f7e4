package fm.seda.candidates;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A proposed item for one user: what it is, its genres (for diversity and explanations), its
 * features, and each proposing source with the score that source gave it.
 *
 * @param familiar the user knows it already: they listened to, joined or imported it, or it is a
 *     playlist featuring an artist they follow (what the re-ranker's novelty rule counts as not
 *     new)
 */
public record Candidate(
    String entityType,
    UUID entityId,
    List<String> genres,
    CandidateFeatures features,
    Map<CandidateSource, Double> sourceScores,
    boolean familiar) {

  public Candidate {
    genres = List.copyOf(genres);
    sourceScores = Map.copyOf(sourceScores);
  }

  public Set<CandidateSource> sources() {
    return sourceScores.keySet();
  }
}
