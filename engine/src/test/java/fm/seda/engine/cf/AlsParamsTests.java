package fm.seda.engine.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlsParamsTests {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AlsParams p = AlsParams.defaults();

    assertThat(p.factors()).isEqualTo(64);
    assertThat(p.regularization()).isEqualTo(0.05);
    assertThat(p.alpha()).isEqualTo(40);
    assertThat(p.iterations()).isEqualTo(15);
    assertThat(p.cgSteps()).isEqualTo(3);
    assertThat(p.seed()).isEqualTo(42);
    assertThat(p.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void withersChangeOneSettingOnly() {
    AlsParams p = AlsParams.defaults().withFactors(8).withThreads(1).withIterations(3);

    assertThat(p)
        .isEqualTo(new AlsParams(8, 0.05, 40, 3, 3, 42, 1))
        .isEqualTo(
            AlsParams.defaults()
                .withRegularization(0.05)
                .withAlpha(40)
                .withCgSteps(3)
                .withSeed(42)
                .withFactors(8)
                .withThreads(1)
                .withIterations(3));
  }

  @Test
  void refusesOutOfRangeSettingsNamingThem() {
    AlsParams p = AlsParams.defaults();

    assertThatThrownBy(() -> p.withFactors(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("factors must be between 1 and 4096, got 0");
    assertThatThrownBy(() -> p.withRegularization(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("regularization must be finite and > 0");
    assertThatThrownBy(() -> p.withRegularization(Double.NaN))
        .hasMessageStartingWith("regularization must be finite and > 0");
    assertThatThrownBy(() -> p.withAlpha(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> p.withAlpha(Double.POSITIVE_INFINITY))
        .hasMessageStartingWith("alpha must be finite");
    assertThatThrownBy(() -> p.withIterations(0)).hasMessage("iterations must be >= 1, got 0");
    assertThatThrownBy(() -> p.withCgSteps(0)).hasMessage("cgSteps must be >= 1, got 0");
    assertThatThrownBy(() -> p.withThreads(0)).hasMessage("threads must be >= 1, got 0");
  }
}
