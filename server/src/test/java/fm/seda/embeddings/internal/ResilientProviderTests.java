package fm.seda.embeddings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.embeddings.providers.HashMockProvider;
import fm.seda.embeddings.providers.ProviderResult;
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

  /** A provider that takes 30 ms a call, of the given kind, running in this process or not. */
  static EmbeddingProvider slow(String kind, boolean inProcess) {
    return new EmbeddingProvider() {
      @Override
      public String name() {
        return kind;
      }

      @Override
      public String kind() {
        return kind;
      }

      @Override
      public String model() {
        return "slow";
      }

      @Override
      public int dimension() {
        return 4;
      }

      @Override
      public String location() {
        return "eu";
      }

      @Override
      public boolean inProcess() {
        return inProcess;
      }

      @Override
      public int maxBatchSize() {
        return 128;
      }

      @Override
      public ProviderResult embed(List<String> texts) {
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new ProviderResult(texts.stream().map(t -> new float[] {1, 0, 0, 0}).toList(), 1);
      }
    };
  }

  @Test
  void slowCallsOpenAVendorsBreakerButNeverTheInProcessRunners() {
    // slow means over 10 ms here; three calls are enough to judge
    var breaker =
        new EmbeddingsProperties.Breaker(
            2, Duration.ofMillis(10), 5, Duration.ofSeconds(60), 3, Duration.ofSeconds(60), 3);
    var retries = new EmbeddingsProperties.Retries(1, Duration.ofMillis(20));
    var vendor =
        new ResilientProvider(
            slow("openai", false),
            BigDecimal.ZERO,
            100,
            breaker,
            retries,
            new SimpleMeterRegistry());
    var runner =
        new ResilientProvider(
            slow("local", true), BigDecimal.ZERO, 100, breaker, retries, new SimpleMeterRegistry());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();

    for (int i = 0; i < 3; i++) {
      vendor.embed(List.of("text " + i), deadline);
      runner.embed(List.of("text " + i), deadline);
    }

    assertThat(vendor.isOpen()).isTrue();
    assertThat(runner.isOpen()).isFalse();
  }
}
