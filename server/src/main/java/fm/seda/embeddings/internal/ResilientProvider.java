package fm.seda.embeddings.internal;

import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.embeddings.providers.ProviderException;
import fm.seda.embeddings.providers.ProviderResult;
import fm.seda.embeddings.providers.ProviderTimeouts;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A provider behind its guards, outermost first: retries (exponential backoff, or the provider's
 * Retry-After when it sent one, never past the request's deadline), the circuit breaker (each
 * attempt counts), and a client-side rate limiter. Every attempt's latency is recorded per
 * provider.
 */
final class ResilientProvider {

  private final EmbeddingProvider provider;
  private final BigDecimal pricePerMillionTokens;
  private final CircuitBreaker breaker;
  private final RateLimiter limiter;
  private final EmbeddingsProperties.Retries retries;
  private final Timer latency;
  private final MeterRegistry errors;

  ResilientProvider(
      EmbeddingProvider provider,
      BigDecimal pricePerMillionTokens,
      double requestsPerSecond,
      EmbeddingsProperties.Breaker breaker,
      EmbeddingsProperties.Retries retries,
      MeterRegistry meters) {
    this.provider = provider;
    this.pricePerMillionTokens = pricePerMillionTokens;
    this.retries = retries;
    this.breaker =
        CircuitBreaker.of(
            "embeddings-" + provider.name(),
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, breaker.window().toSeconds()))
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRatePercent())
                // The slow-call rule guards against a vendor degrading. The in-process runner is
                // slow only when this machine is busy: opening its breaker would not relieve the
                // CPU, it would stall every queued catalog job for the open period and make a
                // busy EU runner look like an outage. Failures still open it.
                .slowCallDurationThreshold(provider.inProcess() ? NEVER_SLOW : breaker.slowCall())
                .slowCallRateThreshold(breaker.slowCallRatePercent())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenProbes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(ProviderException.class)
                .build());
    // at most ceil(rps) calls in any one-second period
    this.limiter =
        RateLimiter.of(
            "embeddings-" + provider.name(),
            RateLimiterConfig.custom()
                .limitForPeriod((int) Math.max(1, Math.ceil(requestsPerSecond)))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(1))
                .build());
    this.errors = meters;
    io.micrometer.core.instrument.Gauge.builder(
            "seda.embeddings.breaker.state", this.breaker, b -> stateCode(b.getState()))
        .description("Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 forced open")
        .tag("provider", provider.name())
        .register(meters);
    io.micrometer.core.instrument.Gauge.builder(
            "seda.embeddings.breaker.failure.rate",
            this.breaker,
            b -> Math.max(0, b.getMetrics().getFailureRate()))
        .description("Failed calls in the breaker's window, percent (-1 until enough calls)")
        .tag("provider", provider.name())
        .register(meters);
    io.micrometer.core.instrument.Gauge.builder(
            "seda.embeddings.breaker.slow.rate",
            this.breaker,
            b -> Math.max(0, b.getMetrics().getSlowCallRate()))
        .description("Calls slower than the slow-call threshold in the breaker's window, percent")
        .tag("provider", provider.name())
        .register(meters);
    this.latency =
        Timer.builder("seda.embeddings.provider.latency")
            .description("Latency of one call to an embedding provider, per attempt")
            .tag("provider", provider.name())
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
  }

  EmbeddingProvider provider() {
    return provider;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  BigDecimal pricePerMillionTokens() {
    return pricePerMillionTokens;
  }

  /** True while the breaker lets no call through: callers skip to the next provider at once. */
  boolean isOpen() {
    return breaker.getState() == CircuitBreaker.State.OPEN
        || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
  }

  /** Embeds {@code texts}, retrying what may succeed later, giving up by {@code deadlineNanos}. */
  ProviderResult embed(List<String> texts, long deadlineNanos) {
    IntervalBiFunction<Object> backoff =
        (attempt, outcome) -> {
          Duration base = retries.firstBackoff().multipliedBy(1L << Math.min(10, attempt - 1));
          if (outcome.isLeft()
              && outcome.getLeft() instanceof ProviderException e
              && e.retryAfter() != null) {
            return e.retryAfter().toMillis();
          }
          return base.toMillis();
        };
    Retry retry =
        Retry.of(
            "embeddings-" + provider.name(),
            RetryConfig.custom()
                .maxAttempts(retries.maxAttempts())
                .intervalBiFunction(backoff)
                .retryOnException(
                    e ->
                        e instanceof ProviderException pe
                            && pe.retryable()
                            && waitFits(pe, deadlineNanos))
                .failAfterMaxAttempts(false)
                .build());
    Supplier<ProviderResult> attempt =
        Retry.decorateSupplier(
            retry, CircuitBreaker.decorateSupplier(breaker, () -> timedCall(texts)));
    try {
      return attempt.get();
    } catch (CallNotPermittedException e) {
      throw new ProviderException(provider.name(), 0, false, null, "circuit breaker is open", e);
    }
  }

  /** A slow-call threshold no in-process call reaches (the request budget is seconds). */
  private static final Duration NEVER_SLOW = Duration.ofHours(1);

  private static int stateCode(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> 3;
    };
  }

  /**
   * Retrying makes sense only if the wait and a whole further attempt (a read timeout, for a
   * vendor) still fit before the deadline; otherwise the time is better left to the next provider
   * in the failover order.
   */
  private boolean waitFits(ProviderException e, long deadlineNanos) {
    Duration wait = e.retryAfter() != null ? e.retryAfter() : retries.firstBackoff();
    Duration attempt =
        "non-eu".equals(provider.location()) ? ProviderTimeouts.DEFAULT.read() : Duration.ZERO;
    return System.nanoTime() + wait.toNanos() + attempt.toNanos() < deadlineNanos;
  }

  private ProviderResult timedCall(List<String> texts) {
    try {
      RateLimiter.waitForPermission(limiter);
    } catch (RequestNotPermitted e) {
      throw new ProviderException(
          provider.name(), 429, true, Duration.ofMillis(100), "client-side rate limit", e);
    }
    long start = System.nanoTime();
    try {
      return provider.embed(texts);
    } catch (ProviderException e) {
      errors
          .counter(
              "seda.embeddings.provider.errors",
              "provider",
              provider.name(),
              "status",
              Integer.toString(e.status()))
          .increment();
      throw e;
    } finally {
      latency.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
