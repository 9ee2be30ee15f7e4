package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Content: the nearest items to the user's taste vector, per entity type, in the user's region (an
 * EU user's taste is searched against the EU catalog vectors of the EU model). The request's genres
 * filter before the nearest-neighbour step; excluded items never come back. Score: cosine
 * similarity.
 *
 * <p>Searches use {@code seda.candidates.content-ef-search} (default 100), not the vector store's
 * default of 400: a candidate source feeds a re-ranker that keeps 15 of hundreds, and on the {@code
 * large} world's index ef 100 found 97.5 % of the true top 30 artists against 99.6 % at 400, in 57
 * % of the time (docs/BENCHMARKS.md); content search was a quarter to a third of a batch feed's JVM
 * time.
 */
@Component
class ContentSource implements CandidateGenerator {

  static final List<String> TYPES = List.of("artist", "playlist", "room");

  private final VectorStore vectors;
  private final int efSearch;

  ContentSource(
      VectorStore vectors, @Value("${seda.candidates.content-ef-search:100}") int efSearch) {
    if (efSearch < 1) {
      throw new IllegalArgumentException(
          "seda.candidates.content-ef-search must be at least 1, got " + efSearch);
    }
    this.vectors = vectors;
    this.efSearch = efSearch;
  }

  @Override
  public CandidateSource source() {
    return CandidateSource.CONTENT;
  }

  @Override
  public Map<ItemKey, Double> propose(UserContext user) {
    var proposed = new HashMap<ItemKey, Double>();
    if (user.taste() == null) {
      return proposed;
    }
    for (String type : TYPES) {
      if (!user.request().entityTypes().contains(type)) {
        continue;
      }
      var query =
          new VectorQuery(
              type,
              user.taste(),
              user.request().perSource(),
              user.request().genres(),
              user.excluded(),
              efSearch);
      for (Neighbour n : vectors.search(user.region(), query)) {
        proposed.put(new ItemKey(type, n.entityId()), n.similarity());
      }
    }
    return proposed;
  }
}
