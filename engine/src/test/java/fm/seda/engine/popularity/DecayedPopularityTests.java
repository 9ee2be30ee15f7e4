package fm.seda.engine.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecayedPopularityTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void anInteractionOneHalfLifeOldCountsHalf() {
    var popularity = new DecayedPopularity<String>(Duration.ofDays(7), NOW);
    popularity.add("a", NOW, 1);
    popularity.add("b", NOW.minus(Duration.ofDays(7)), 1);
    popularity.add("c", NOW.minus(Duration.ofDays(14)), 4);
    assertThat(popularity.score("a")).isCloseTo(1.0, within(1e-9));
    assertThat(popularity.score("b")).isCloseTo(0.5, within(1e-9));
    assertThat(popularity.score("c")).isCloseTo(1.0, within(1e-9)); // 4 × 1/4
    assertThat(popularity.score("never")).isZero();
  }

  @Test
  void steadyAudienceOutranksAnOldBurst() {
    var popularity = new DecayedPopularity<String>(Duration.ofDays(7), NOW);
    for (int day = 0; day < 7; day++) {
      popularity.add("steady", NOW.minus(Duration.ofDays(day)), 3);
    }
    popularity.add("burst", NOW.minus(Duration.ofDays(30)), 100);
    assertThat(popularity.top(2)).extracting(e -> e.getKey()).containsExactly("steady", "burst");
  }

  @Test
  void futureTimestampsCountAsNowNeverMore() {
    var popularity = new DecayedPopularity<String>(Duration.ofDays(7), NOW);
    popularity.add("skewed", NOW.plus(Duration.ofDays(30)), 1);
    assertThat(popularity.score("skewed")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void refusesNegativeOrNonFiniteWeightsAndNonPositiveHalfLife() {
    var popularity = new DecayedPopularity<String>(Duration.ofDays(7), NOW);
    assertThatThrownBy(() -> popularity.add("a", NOW, -1)).hasMessageContaining("weight");
    assertThatThrownBy(() -> popularity.add("a", NOW, Double.NaN)).hasMessageContaining("weight");
    assertThatThrownBy(() -> new DecayedPopularity<String>(Duration.ZERO, NOW))
        .hasMessageContaining("halfLife");
  }
}
