package fm.seda.engine.taste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fm.seda.engine.taste.TasteVectorCalculator.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasteVectorCalculatorTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final TasteVectorCalculator calculator = new TasteVectorCalculator(Duration.ofDays(30));

  @Test
  void equalFreshSignalsGiveTheNormalisedMean() {
    float[] taste =
        calculator
            .compute(
                List.of(
                    new Signal(new float[] {1, 0}, 1, NOW), new Signal(new float[] {0, 1}, 1, NOW)),
                NOW)
            .orElseThrow();
    assertThat(taste[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
    assertThat(taste[1]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
  }

  @Test
  void olderSignalsCountLessByHalfLife() {
    // weight 1 now vs weight 2 one half-life ago: equal pull, so the mean bisects them
    float[] taste =
        calculator
            .compute(
                List.of(
                    new Signal(new float[] {1, 0}, 1, NOW),
                    new Signal(new float[] {0, 1}, 2, NOW.minus(Duration.ofDays(30)))),
                NOW)
            .orElseThrow();
    assertThat(taste[0]).isCloseTo(taste[1], within(1e-6f));
    // three half-lives: the old favourite pulls an eighth as hard
    float[] moved =
        calculator
            .compute(
                List.of(
                    new Signal(new float[] {1, 0}, 1, NOW),
                    new Signal(new float[] {0, 1}, 1, NOW.minus(Duration.ofDays(90)))),
                NOW)
            .orElseThrow();
    assertThat(moved[1] / moved[0]).isCloseTo(0.125f, within(1e-5f));
  }

  @Test
  void noSignalsOrCancellingSignalsGiveNoTaste() {
    assertThat(calculator.compute(List.of(), NOW)).isEmpty();
    assertThat(
            calculator.compute(
                List.of(
                    new Signal(new float[] {1, 0}, 1, NOW),
                    new Signal(new float[] {-1, 0}, 1, NOW)),
                NOW))
        .isEmpty();
    assertThat(calculator.compute(List.of(new Signal(new float[] {1, 0}, 0, NOW)), NOW)).isEmpty();
  }

  @Test
  void refusesMixedDimensions() {
    assertThatThrownBy(
            () ->
                calculator.compute(
                    List.of(
                        new Signal(new float[] {1, 0}, 1, NOW),
                        new Signal(new float[] {1, 0, 0}, 1, NOW)),
                    NOW))
        .hasMessageContaining("mix dimensions");
  }

  @Test
  void cosineOfOrthogonalAndParallelVectors() {
    assertThat(TasteVectorCalculator.cosine(new float[] {1, 0}, new float[] {0, 3})).isZero();
    assertThat(TasteVectorCalculator.cosine(new float[] {2, 0}, new float[] {3, 0}))
        .isCloseTo(1.0, within(1e-9));
  }
}
