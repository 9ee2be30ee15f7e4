package fm.seda.embeddings.internal;

import fm.seda.embeddings.NonEuProcessing;
import fm.seda.embeddings.Purpose;
import fm.seda.embeddings.providers.CohereProvider;
import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.embeddings.providers.HashMockProvider;
import fm.seda.embeddings.providers.LocalMiniLmProvider;
import fm.seda.embeddings.providers.OpenAiProvider;
import fm.seda.embeddings.providers.ProviderTimeouts;
import fm.seda.overrides.Overrides;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the embeddings service from {@code seda.embeddings.*}, refusing at start-up anything that
 * would break a rule later: a route to an unknown provider, an EU route to a non-EU provider, a
 * vendor without an API key.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddingsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingsConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The default residency hook: the user's own opt-in, or an executed organisation-wide override.
   */
  @Bean
  @ConditionalOnMissingBean
  NonEuProcessing nonEuProcessing(Overrides overrides) {
    return request -> {
      if (request.allowNonEuFallback()) {
        return new NonEuProcessing.Permission(
            true, Optional.empty(), "the user opted in to temporary non-EU processing");
      }
      return overrides
          .activeExecuted(Overrides.NON_EU_FALLBACK)
          .map(
              id ->
                  new NonEuProcessing.Permission(
                      true, Optional.of(id), "executed organisation-wide override " + id))
          .orElseGet(
              () ->
                  new NonEuProcessing.Permission(
                      false, Optional.empty(), "no opt-in and no executed override"));
    };
  }

  @Bean(destroyMethod = "close")
  DefaultEmbeddings embeddings(
      EmbeddingsProperties properties,
      RegionRouter regions,
      Overrides overrides,
      NonEuProcessing nonEu,
      Clock clock,
      MeterRegistry meters,
      Optional<VendorEndpoints> vendorEndpoints) {
    var settings = new LinkedHashMap<>(properties.providers());
    vendorEndpoints.ifPresent(v -> settings.putAll(v.providers()));
    var ledger = new SpendLedger(regions, clock);
    var batchers = new LinkedHashMap<String, Batcher>();
    settings.forEach(
        (name, s) -> {
          EmbeddingProvider provider = create(name, s);
          var resilient =
              new ResilientProvider(
                  provider,
                  s.pricePerMillionTokens(),
                  s.requestsPerSecond(),
                  properties.breaker(),
                  properties.retry(),
                  meters);
          int maxItems =
              s.batchMaxItems() != null ? s.batchMaxItems() : properties.batch().maxItems();
          var window = s.batchWindow() != null ? s.batchWindow() : properties.batch().window();
          batchers.put(name, new Batcher(resilient, ledger, maxItems, window, 4, meters));
          log.info(
              "Embedding provider '{}': {} {} ({}-d, computes {}, ${}/M tokens, batches of {} within {} ms)",
              name,
              provider.kind(),
              provider.model(),
              provider.dimension(),
              provider.location(),
              s.pricePerMillionTokens(),
              maxItems,
              window.toMillis());
        });
    Map<Region, Map<Purpose, String>> routes = routes(properties, settings, batchers, regions);
    properties.failover().forEach(n -> requireKnown(n, batchers, "seda.embeddings.failover"));
    boolean cheaper =
        settings.values().stream().anyMatch(s -> s.cheaper() != null && !s.cheaper().isBlank());
    var governor =
        new SpendGovernor(ledger, regions, overrides, properties.monthlyCapUsd(), clock, cheaper);
    Gauge.builder(
            "seda.embeddings.spend.month_to_date_usd",
            governor,
            g -> g.status().monthToDateUsd().doubleValue())
        .description("Embedding spend this month, USD")
        .register(meters);
    Gauge.builder(
            "seda.embeddings.spend.projected_usd",
            governor,
            g -> g.status().projectedUsd().doubleValue())
        .description("Projected embedding spend for the whole month at the current run-rate, USD")
        .register(meters);
    Gauge.builder(
            "seda.embeddings.spend.cap_share", governor, g -> g.status().projectedShareOfCap())
        .description("Projected spend as a share of the monthly cap (0.8 throttles, 1.0 stops)")
        .register(meters);
    return new DefaultEmbeddings(
        batchers,
        settings,
        routes,
        properties,
        ledger,
        governor,
        nonEu,
        new AuditTrail(regions),
        regions,
        clock,
        meters);
  }

  private static Map<Region, Map<Purpose, String>> routes(
      EmbeddingsProperties properties,
      Map<String, EmbeddingsProperties.ProviderSettings> settings,
      Map<String, Batcher> batchers,
      RegionRouter regions) {
    var routes = new EnumMap<Region, Map<Purpose, String>>(Region.class);
    for (Region region : Region.values()) {
      EmbeddingsProperties.Route route = properties.routes().get(region.code());
      if (route == null) {
        throw new IllegalStateException(
            "seda.embeddings.routes." + region.code() + " is not configured");
      }
      var byPurpose = new EnumMap<Purpose, String>(Purpose.class);
      byPurpose.put(Purpose.CATALOG, route.catalog());
      byPurpose.put(Purpose.USER_TASTE, route.userTaste());
      routes.put(region, byPurpose);
    }
    // operator switches (switch-model) outlive restarts
    regions
        .operations()
        .jdbc()
        .sql("SELECT region, purpose, provider FROM embedding_routes")
        .query(
            (rs, n) -> {
              Region region = Region.fromCode(rs.getString(1));
              Purpose purpose = Purpose.valueOf(rs.getString(2).toUpperCase(Locale.ROOT));
              if (batchers.containsKey(rs.getString(3))) {
                routes.get(region).put(purpose, rs.getString(3));
              } else {
                log.warn(
                    "Ignoring the stored route {}/{} -> {}: no such provider is configured now",
                    region.code(),
                    purpose,
                    rs.getString(3));
              }
              return null;
            })
        .list();
    routes.forEach(
        (region, byPurpose) ->
            byPurpose.forEach(
                (purpose, name) -> {
                  String key =
                      "seda.embeddings.routes."
                          + region.code()
                          + "."
                          + purpose.name().toLowerCase(Locale.ROOT).replace('_', '-');
                  requireKnown(name, batchers, key);
                  if (region == Region.EU
                      && !"eu".equals(batchers.get(name).provider().provider().location())) {
                    throw new IllegalStateException(
                        key
                            + " = "
                            + name
                            + " computes outside the EU; EU data is embedded only by an EU runner");
                  }
                  String cheaper = settings.get(name).cheaper();
                  if (region == Region.EU
                      && cheaper != null
                      && !cheaper.isBlank()
                      && batchers.containsKey(cheaper)
                      && !"eu".equals(batchers.get(cheaper).provider().provider().location())) {
                    throw new IllegalStateException(
                        "seda.embeddings.providers."
                            + name
                            + ".cheaper = "
                            + cheaper
                            + " computes outside the EU, but "
                            + name
                            + " serves EU data ("
                            + key
                            + ")");
                  }
                }));
    return routes;
  }

  private static void requireKnown(String name, Map<String, Batcher> batchers, String key) {
    if (!batchers.containsKey(name)) {
      throw new IllegalStateException(
          key
              + " names provider '"
              + name
              + "', which is not configured (known: "
              + batchers.keySet()
              + ")");
    }
  }

  static EmbeddingProvider create(String name, EmbeddingsProperties.ProviderSettings s) {
    String where = "seda.embeddings.providers." + name;
    return switch (s.type() == null ? "" : s.type().toLowerCase(Locale.ROOT)) {
      case "local" ->
          new LocalMiniLmProvider(
              name,
              "full".equalsIgnoreCase(s.variant())
                  ? LocalMiniLmProvider.Variant.FULL
                  : LocalMiniLmProvider.Variant.QUANTIZED,
              s.threads() != null ? s.threads() : Runtime.getRuntime().availableProcessors());
      case "mock" ->
          new HashMockProvider(
              name,
              s.dimension() != null ? s.dimension() : 384,
              s.location() != null ? s.location() : "eu");
      case "openai" ->
          new OpenAiProvider(
              name,
              s.baseUrl() != null ? s.baseUrl() : "https://api.openai.com",
              requireKey(s, where),
              s.model() != null ? s.model() : "text-embedding-3-small",
              s.dimension() != null ? s.dimension() : 1536,
              ProviderTimeouts.DEFAULT);
      case "cohere" ->
          new CohereProvider(
              name,
              s.baseUrl() != null ? s.baseUrl() : "https://api.cohere.com",
              requireKey(s, where),
              s.model() != null ? s.model() : "embed-v4.0",
              s.dimension() != null ? s.dimension() : 1536,
              ProviderTimeouts.DEFAULT);
      default ->
          throw new IllegalStateException(
              where + ".type must be local, mock, openai or cohere, got '" + s.type() + "'");
    };
  }

  private static String requireKey(EmbeddingsProperties.ProviderSettings s, String where) {
    if (s.apiKey() == null || s.apiKey().isBlank()) {
      throw new IllegalStateException(
          where + ".api-key is required (set it from the environment, never in a file)");
    }
    return s.apiKey();
  }
}
