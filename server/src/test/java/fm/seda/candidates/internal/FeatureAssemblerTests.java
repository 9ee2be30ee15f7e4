package fm.seda.candidates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fm.seda.candidates.CandidateSource;
import fm.seda.engine.simd.Dot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureAssemblerTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  static ItemFacts playlistOn(String provider) {
    return new ItemFacts(List.of("jazz"), NOW, NOW, false, provider, Set.of(), List.of());
  }

  static ItemFacts artistOn(String... providers) {
    return new ItemFacts(List.of("jazz"), NOW, NOW, false, null, Set.of(providers), List.of());
  }

  @Test
  void providerAffinityIsOneOnTheUsersProviderZeroElsewhereAndHalfWhenNeutral() {
    Set<String> spotify = Set.of("spotify");
    assertThat(FeatureAssembler.providerAffinity("playlist", playlistOn("spotify"), spotify))
        .isEqualTo(1);
    assertThat(FeatureAssembler.providerAffinity("playlist", playlistOn("apple"), spotify))
        .isZero();
    assertThat(FeatureAssembler.providerAffinity("playlist", playlistOn("seda"), spotify))
        .isEqualTo(0.5);
    assertThat(FeatureAssembler.providerAffinity("artist", artistOn("spotify", "apple"), spotify))
        .isEqualTo(1);
    assertThat(FeatureAssembler.providerAffinity("artist", artistOn("apple"), spotify)).isZero();
    assertThat(FeatureAssembler.providerAffinity("artist", artistOn(), spotify)).isEqualTo(0.5);
    assertThat(FeatureAssembler.providerAffinity("room", playlistOn(null), spotify)).isEqualTo(0.5);
    assertThat(FeatureAssembler.providerAffinity("playlist", playlistOn("apple"), Set.of()))
        .isEqualTo(0.5);
  }

  @Test
  void liveRoomsAreFreshestAndOtherItemsHalveWithAge() {
    var live =
        new ItemFacts(
            List.of(), NOW.minus(Duration.ofDays(300)), NOW, true, null, Set.of(), List.of());
    var idleRoom =
        new ItemFacts(
            List.of(), NOW, NOW.minus(Duration.ofDays(7)), false, null, Set.of(), List.of());
    var monthOldArtist =
        new ItemFacts(
            List.of(), NOW.minus(Duration.ofDays(30)), NOW, false, null, Set.of(), List.of());
    assertThat(FeatureAssembler.recency("room", live, NOW)).isEqualTo(1);
    assertThat(FeatureAssembler.recency("room", idleRoom, NOW)).isCloseTo(0.5, within(1e-9));
    assertThat(FeatureAssembler.recency("artist", monthOldArtist, NOW))
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void similarityIsTheContentSourcesScoreElseTheCosineToTheTasteAndZeroWithoutOneVectorSpace() {
    float[] taste = {1, 1};
    double tasteNorm = Math.sqrt(2);
    Map<CandidateSource, Double> byContent = Map.of(CandidateSource.CONTENT, 0.42);
    Map<CandidateSource, Double> bySocial = Map.of(CandidateSource.SOCIAL, 1.0);

    assertThat(FeatureAssembler.similarity(byContent, new float[] {1, 0}, 1, taste, tasteNorm))
        .isEqualTo(0.42);
    assertThat(FeatureAssembler.similarity(bySocial, new float[] {1, 0}, 1, taste, tasteNorm))
        .isCloseTo(Math.sqrt(0.5), within(1e-6));
    assertThat(FeatureAssembler.similarity(bySocial, null, 0, taste, tasteNorm)).isZero();
    assertThat(FeatureAssembler.similarity(bySocial, new float[] {1, 0}, 1, null, 0)).isZero();
    assertThat(FeatureAssembler.similarity(bySocial, new float[] {1, 0, 0}, 1, taste, tasteNorm))
        .as("another space")
        .isZero();
    assertThat(FeatureAssembler.similarity(bySocial, new float[] {0, 0}, 0, taste, tasteNorm))
        .isZero();
  }

  @Test
  void similarityOfVectorsWithTinyComponentsIsStillTheCosine() {
    // real models' vectors have components near 1e-30, whose float products underflow (in
    // PostgreSQL's real arithmetic that was an error)
    float[] tiny = {1f, 1e-30f};
    double norm = Math.sqrt(Dot.dot(tiny, tiny));
    assertThat(
            FeatureAssembler.similarity(
                Map.of(CandidateSource.SOCIAL, 1.0), tiny, norm, tiny.clone(), norm))
        .isCloseTo(1.0, within(1e-6));
  }
}
