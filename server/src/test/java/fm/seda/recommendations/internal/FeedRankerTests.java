package fm.seda.recommendations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateFeatures;
import fm.seda.candidates.CandidateSource;
import fm.seda.engine.ranking.DiversitySelector;
import fm.seda.engine.ranking.RankingWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeedRankerTests {

  private final FeedRanker ranker = new FeedRanker(DiversitySelector.Options.DEFAULT);

  @Test
  void candidatesVectorsSeparateNearDuplicatesAndOnlyThoseWithoutOneAreLookedUp() {
    float[] same = {1, 0, 0};
    Candidate best = artist(0.90, "jazz", same);
    Candidate itsTwin = artist(0.89, "soul", same.clone());
    Candidate other = artist(0.50, "funk", null);
    var asked = new ArrayList<UUID>();

    Map<String, List<RankedItem>> modules =
        ranker.rank(
            List.of(best, itsTwin, other),
            Set.of(),
            RankingWeights.DEFAULT,
            Map.of("artist", 2),
            (type, ids) -> {
              asked.addAll(ids);
              var found = new HashMap<UUID, float[]>();
              ids.stream()
                  .filter(other.entityId()::equals)
                  .forEach(id -> found.put(id, new float[] {0, 1, 0}));
              return found;
            });

    assertThat(modules.get("artist"))
        .extracting(r -> r.candidate().entityId())
        .as("the twin of the best, known only by the vector it came with, gives way")
        .containsExactly(best.entityId(), other.entityId());
    assertThat(asked).as("vectors looked up").containsExactly(other.entityId());
  }

  private static Candidate artist(double similarity, String genre, float[] vector) {
    var features = new CandidateFeatures(similarity, 0, 0, 0, List.of(), 0.5, 0, 0, 0.5);
    return new Candidate(
        "artist",
        UUID.randomUUID(),
        List.of(genre),
        features,
        Map.of(CandidateSource.CONTENT, similarity),
        false,
        vector);
  }
}
