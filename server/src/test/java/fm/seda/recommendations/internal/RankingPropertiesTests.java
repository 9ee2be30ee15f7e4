package fm.seda.recommendations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingPropertiesTests {

  static RankingProperties withBatchThreads(int threads) {
    return new RankingProperties(
        new RankingProperties.Weights(0.5, 0.25, 0.15, 0.1),
        Map.of(),
        0.7,
        0.3,
        2,
        0.97,
        new RankingProperties.ModuleSizes(15, 15, 12, 8),
        60,
        Duration.ofHours(1),
        Duration.ofHours(26),
        Duration.ofMinutes(5),
        20_000,
        Duration.ofDays(7),
        threads);
  }

  @Test
  void batchThreadsDefaultToTwoPerCoreAndOutOfRangeIsRefusedWithTheSettingsName() {
    assertThat(withBatchThreads(0).batchThreadCount())
        .isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(withBatchThreads(3).batchThreadCount()).isEqualTo(3);
    for (int bad : new int[] {-1, 65}) {
      assertThatThrownBy(() -> withBatchThreads(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("seda.ranking.batch-threads");
    }
  }
}
