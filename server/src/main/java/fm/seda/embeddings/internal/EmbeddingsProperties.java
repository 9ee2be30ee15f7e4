package fm.seda.embeddings.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seda.embeddings.*}: the providers, which one serves each region and purpose, the
 * pre-approved failover order, batching, resilience and the spend cap. See application.yml for the
 * defaults and README.md for how to switch on the vendors.
 */
@ConfigurationProperties("seda.embeddings")
record EmbeddingsProperties(
    Map<String, ProviderSettings> providers,
    Map<String, Route> routes,
    @DefaultValue List<String> failover,
    @DefaultValue("1500") BigDecimal monthlyCapUsd,
    @DefaultValue("8000") int maxTextChars,
    @DefaultValue("6s") Duration totalTimeout,
    @DefaultValue Batching batch,
    @DefaultValue Breaker breaker,
    @DefaultValue Retries retry,
    @DefaultValue Shadow shadow) {

  /**
   * One provider. {@code type} is local, openai, cohere or mock; {@code location} is where it
   * computes (eu or non-eu; local is always eu); {@code cheaper} names a cheaper provider of the
   * same dimension to use under spend pressure.
   */
  record ProviderSettings(
      String type,
      @Nullable String model,
      @Nullable Integer dimension,
      @Nullable String baseUrl,
      @Nullable String apiKey,
      @DefaultValue("0") BigDecimal pricePerMillionTokens,
      @Nullable String location,
      @Nullable String cheaper,
      @Nullable String variant,
      @Nullable Integer threads,
      @Nullable Integer batchMaxItems,
      @Nullable Duration batchWindow,
      @DefaultValue("50") double requestsPerSecond) {}

  /** Which provider serves each purpose in one region. */
  record Route(String catalog, String userTaste) {}

  record Batching(@DefaultValue("128") int maxItems, @DefaultValue("200ms") Duration window) {}

  /**
   * The circuit breaker of the seed: open when more than 2 % of calls fail or more than 5 % are
   * slower than 1 s (that is, P95 over 1 s) within 60 s; stay open 60 s; then let a few probes
   * through.
   */
  record Breaker(
      @DefaultValue("2") float failureRatePercent,
      @DefaultValue("1s") Duration slowCall,
      @DefaultValue("5") float slowCallRatePercent,
      @DefaultValue("60s") Duration window,
      @DefaultValue("20") int minimumCalls,
      @DefaultValue("60s") Duration openFor,
      @DefaultValue("3") int halfOpenProbes) {}

  record Retries(
      @DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {}

  /** Shadow writes: a share of items also embedded by a second provider, to compare models. */
  record Shadow(@DefaultValue("") String provider, @DefaultValue("0.01") double fraction) {}
}
