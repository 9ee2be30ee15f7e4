package fm.seda.candidates;

import fm.seda.embeddings.EmbeddingMeta;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What candidate generation proposed for one user, with what it read to propose it, so that the
 * ranking names its inputs without reading them a second time (and cannot name a different model
 * than the one that scored).
 *
 * @param candidates every source's candidates, merged, with all features; unordered
 * @param taste provenance of the taste vector the content scores came from, if the user has one
 * @param collaborativeModel the collaborative model version that scored, if the region has one
 * @param strongestArtists the artists the user's signals weigh most, strongest first (at most
 *     {@value #STRONGEST}): what "because you like …" may name
 */
public record CandidateSet(
    List<Candidate> candidates,
    @Nullable EmbeddingMeta taste,
    @Nullable String collaborativeModel,
    List<UUID> strongestArtists) {

  public static final int STRONGEST = 10;

  public CandidateSet {
    candidates = List.copyOf(candidates);
    strongestArtists = List.copyOf(strongestArtists);
  }
}
