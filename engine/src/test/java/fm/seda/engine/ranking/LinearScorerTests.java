package fm.seda.engine.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearScorerTests {

  private final LinearScorer scorer = new LinearScorer(RankingWeights.DEFAULT);

  @Test
  void scoreIsTheWeightedSumWhenModifiersAreFull() {
    // 0.5·0.8 + 0.25·0.4 + 0.15·1 + 0.1·0.5 = 0.4 + 0.1 + 0.15 + 0.05 = 0.7
    LinearScore score = scorer.score(new RankingSignals(0.8, 0.4, 1, 0.5, 1, 1));

    assertThat(score.base()).isCloseTo(0.7, within(1e-12));
    assertThat(score.modifier()).isCloseTo(1, within(1e-12));
    assertThat(score.total()).isCloseTo(0.7, within(1e-12));
    assertThat(score.contributions().get(Signal.SOCIAL)).isCloseTo(0.15, within(1e-12));
  }

  @Test
  void staleItemOnAnotherProviderKeepsThreeQuartersOfItsScore() {
    LinearScore score = scorer.score(new RankingSignals(1, 0, 0, 0, 0, 0));

    assertThat(score.modifier()).isCloseTo(0.85 * 0.9, within(1e-12));
    assertThat(score.total()).isCloseTo(0.5 * 0.765, within(1e-12));
  }

  @Test
  void dominantSignalIsTheLargestContributionNotTheLargestSignal() {
    // social is the strongest signal (1.0) but weighs 0.15; content 0.4 × 0.5 = 0.2 wins
    LinearScore score = scorer.score(new RankingSignals(0.4, 0, 1, 0, 1, 1));

    assertThat(score.dominant()).isEqualTo(Signal.CONTENT);
  }

  @Test
  void weightsAreConfigurationNotCode() {
    var socialFirst = new LinearScorer(new RankingWeights(0.1, 0.1, 0.7, 0.1));

    assertThat(socialFirst.score(new RankingSignals(0.4, 0, 1, 0, 1, 1)).dominant())
        .isEqualTo(Signal.SOCIAL);
  }

  @Test
  void refusesNegativeOrAllZeroWeightsAndSignalsOutsideTheUnitRange() {
    assertThatThrownBy(() -> new RankingWeights(-0.1, 0.5, 0.5, 0.1))
        .hasMessageContaining("'content' must be finite and >= 0");
    assertThatThrownBy(() -> new RankingWeights(0, 0, 0, 0)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new RankingSignals(1.2, 0, 0, 0, 0, 0))
        .hasMessageContaining("content must be within 0..1");
    assertThatThrownBy(() -> new RankingSignals(Double.NaN, 0, 0, 0, 0, 0))
        .hasMessageContaining("content");
  }
}
