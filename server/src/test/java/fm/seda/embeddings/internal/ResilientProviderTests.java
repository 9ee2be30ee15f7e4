package fm.seda.embeddings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.embeddings.providers.HashMockProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilientProviderTests {

  static EmbeddingsProperties.Breaker breaker() {
    return new EmbeddingsProperties.Breaker(
        2, Duration.ofSeconds(1), 5, Duration.ofSeconds(60), 20, Duration.ofSeconds(60), 3);
  }

  @Test
  void theRateLimiterHoldsALowLimit() {
    var limited =
        new ResilientProvider(
            new HashMockProvider("mock", 8, "eu"),
            BigDecimal.ZERO,
            2.0, // calls per second
            breaker(),
            new EmbeddingsProperties.Retries(3, Duration.ofMillis(20)),
            new SimpleMeterRegistry());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long start = System.nanoTime();

    for (int i = 0; i < 6; i++) {
      limited.embed(List.of("call " + i), deadline);
    }

    // two calls per one-second period: calls 5 and 6 cannot start before the third period
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }
}
