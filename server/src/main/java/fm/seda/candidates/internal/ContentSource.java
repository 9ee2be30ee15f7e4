package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Content: the nearest items to the user's taste vector, per entity type, in the user's region (an
 * EU user's taste is searched against the EU catalog vectors of the EU model). The request's genres
 * filter before the nearest-neighbour step; excluded items never come back. Score: cosine
 * similarity.
 */
@Component
class ContentSource implements CandidateGenerator {

  static final List<String> TYPES = List.of("artist", "playlist", "room");

  private final VectorStore vectors;

  ContentSource(VectorStore vectors) {
    this.vectors = vectors;
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
              VectorQuery.DEFAULT_EF_SEARCH);
      for (Neighbour n : vectors.search(user.region(), query)) {
        proposed.put(new ItemKey(type, n.entityId()), n.similarity());
      }
    }
    return proposed;
  }
}
