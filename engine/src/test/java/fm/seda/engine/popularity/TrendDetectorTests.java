package fm.seda.engine.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrendDetectorTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void trendIsTheLogOfSmoothedRecentOverBaselineRate() {
    var trends = TrendDetector.<String>daily(NOW);
    // 9 today; 14 over the 7 days before (2 a day): ln((9 + 1) / (2 + 1))
    for (int i = 0; i < 9; i++) {
      trends.add("rising", NOW.minus(Duration.ofHours(i)), 1);
    }
    for (int day = 1; day <= 7; day++) {
      trends.add("rising", NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1)), 2);
    }
    assertThat(trends.trend("rising")).isCloseTo(Math.log(10.0 / 3.0), within(1e-9));
  }

  @Test
  void steadyItemIsNotTrendingAndFadingItemIsNegative() {
    var trends = TrendDetector.<String>daily(NOW);
    for (int day = 0; day <= 7; day++) {
      trends.add("steady", NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1)), 5);
      trends.add(
          "fading", NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1)), day == 0 ? 0 : 5);
    }
    assertThat(trends.trend("steady")).isCloseTo(0, within(1e-9));
    assertThat(trends.trend("fading")).isLessThan(0);
    assertThat(trends.trend("unknown")).isZero();
  }

  @Test
  void priorKeepsASinglePlayFromOutTrendingARealBurst() {
    var trends = TrendDetector.<String>daily(NOW);
    trends.add("one-play", NOW.minus(Duration.ofHours(1)), 1);
    for (int i = 0; i < 50; i++) {
      trends.add("burst", NOW.minus(Duration.ofMinutes(i)), 1);
    }
    for (int day = 1; day <= 7; day++) {
      trends.add("burst", NOW.minus(Duration.ofDays(day)), 5);
    }
    assertThat(trends.trend("burst")).isGreaterThan(trends.trend("one-play"));
  }

  @Test
  void interactionsOlderThanBothWindowsAreIgnored() {
    var trends = TrendDetector.<String>daily(NOW);
    trends.add("ancient", NOW.minus(Duration.ofDays(30)), 1_000);
    assertThat(trends.trend("ancient")).isZero();
    assertThat(trends.keys()).isEmpty();
  }

  @Test
  void refusesBadSettings() {
    assertThatThrownBy(() -> new TrendDetector<String>(Duration.ZERO, Duration.ofDays(7), 1, NOW))
        .hasMessageContaining("recentWindow");
    assertThatThrownBy(
            () -> new TrendDetector<String>(Duration.ofDays(1), Duration.ofDays(7), 0, NOW))
        .hasMessageContaining("prior");
  }
}
