package fm.seda.embeddings.internal;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.Embeddings;
import fm.seda.embeddings.InvalidEmbeddingInput;
import fm.seda.embeddings.NonEuProcessing;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.embeddings.SpendLevel;
import fm.seda.embeddings.SpendStatus;
import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.embeddings.providers.ProviderException;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddings service: plans which providers may serve a request (spend level, residency,
 * failover order, open breakers), sends the texts through the chosen provider's batcher, and on
 * success meters the cost, writes the audit trail in the data's region and maybe a shadow write.
 *
 * <p>A request is served by exactly one provider: when a provider fails part-way, the whole request
 * moves to the next candidate, so its vectors never mix models.
 */
final class DefaultEmbeddings implements Embeddings, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DefaultEmbeddings.class);
  static final String VERSION = "1";

  private final Map<String, Batcher> batchers;
  private final Map<String, EmbeddingsProperties.ProviderSettings> settings;
  private final Map<Region, Map<Purpose, String>> routes;
  private final List<String> failover;
  private final EmbeddingsProperties properties;
  private final SpendLedger ledger;
  private final SpendGovernor governor;
  private final NonEuProcessing nonEu;
  private final AuditTrail audit;
  private final RegionRouter regionsForRoutes;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ExecutorService shadows = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

  DefaultEmbeddings(
      Map<String, Batcher> batchers,
      Map<String, EmbeddingsProperties.ProviderSettings> settings,
      Map<Region, Map<Purpose, String>> routes,
      EmbeddingsProperties properties,
      SpendLedger ledger,
      SpendGovernor governor,
      NonEuProcessing nonEu,
      AuditTrail audit,
      RegionRouter regions,
      Clock clock,
      MeterRegistry meters) {
    this.regionsForRoutes = regions;
    this.batchers = batchers;
    this.settings = settings;
    this.routes = new EnumMap<>(Region.class);
    routes.forEach((r, m) -> this.routes.put(r, new ConcurrentHashMap<>(m)));
    this.failover = List.copyOf(properties.failover());
    this.properties = properties;
    this.ledger = ledger;
    this.governor = governor;
    this.nonEu = nonEu;
    this.audit = audit;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public EmbeddingOutcome embed(EmbeddingRequest request) {
    validate(request);
    refreshRoutes();
    long started = System.nanoTime();
    long deadline = started + properties.totalTimeout().toNanos();
    SpendLevel level = governor.level();
    String primary = routes.get(request.region()).get(request.purpose());

    List<String> preferred = new ArrayList<>();
    String cheap = cheapModel(primary);
    switch (level) {
      case STOPPED -> {
        if (request.priority() == Priority.BACKGROUND) {
          return new EmbeddingOutcome.Refused(
              "the embedding spend cap is reached: non-essential work is stopped until an executed"
                  + " two-approver override (scope spend_cap)");
        }
        if (request.priority() == Priority.ON_DEMAND || cheap == null) {
          return new EmbeddingOutcome.Deferred(
              untilNextMonth(),
              "the embedding spend cap is reached and no cheap model is configured for "
                  + primary
                  + ": queued until the cap resets or an override executes");
        }
        preferred.add(cheap);
      }
      case THROTTLED -> {
        if (request.priority() != Priority.BACKGROUND && cheap != null) {
          preferred.add(cheap);
        }
        preferred.add(primary);
      }
      case NORMAL, OVERRIDDEN -> preferred.add(primary);
    }

    NonEuProcessing.Permission permission = null;
    ProviderException lastError = null;
    for (String name :
        candidates(preferred, primary, request.region(), level == SpendLevel.STOPPED)) {
      Batcher batcher = batchers.get(name);
      EmbeddingProvider provider = batcher.provider().provider();
      boolean outsideEu = request.region() == Region.EU && !"eu".equals(provider.location());
      if (outsideEu) {
        if (permission == null) {
          permission = nonEu.decide(request);
        }
        if (!permission.allowed()) {
          continue;
        }
      }
      if (batcher.provider().isOpen()) {
        continue;
      }
      try {
        List<Batcher.Embedded> results =
            await(batcher.submit(texts(request), deadline, tag(request, false)), deadline, name);
        return finish(request, batcher, results, outsideEu ? permission : null, started);
      } catch (ProviderException e) {
        lastError = e;
        log.warn(
            "Embedding provider {} failed for a {} request in {}: {}",
            name,
            request.purpose(),
            request.region().code(),
            e.getMessage());
      }
    }
    if (request.region() == Region.EU
        && permission != null
        && !permission.allowed()
        && lastError == null) {
      return new EmbeddingOutcome.Deferred(
          Duration.ofSeconds(60),
          "the EU runner is unavailable and EU data is never processed outside the EU without the user's opt-in or an executed override");
    }
    return new EmbeddingOutcome.Deferred(
        Duration.ofSeconds(60),
        "no embedding provider could serve this "
            + request.region().code()
            + " request now"
            + (lastError == null ? " (all circuit breakers open)" : ": " + lastError.getMessage()));
  }

  /**
   * The preferred providers first, then the pre-approved failover order, each once, same dimension
   * only.
   */
  /**
   * The providers to try, in order. At the cap only the cheap model is tried: failing over to the
   * full-price list would spend what the cap forbids. Otherwise the preferred providers, then the
   * failover order, same dimension only (another dimension would land in another ANN space: the
   * seed allows lower-dimension fallback only with a compatibility strategy we do not have). For EU
   * data every EU-located candidate comes before any non-EU one, so non-EU processing happens only
   * once the EU path has failed, whatever the spend level prefers.
   */
  private List<String> candidates(
      List<String> preferred, String primary, Region region, boolean capReached) {
    int dim = batchers.get(primary).provider().provider().dimension();
    var order = new LinkedHashSet<String>(preferred);
    if (!capReached) {
      order.addAll(failover);
    }
    var sameSpace =
        order.stream()
            .filter(
                n ->
                    batchers.containsKey(n)
                        && batchers.get(n).provider().provider().dimension() == dim)
            .toList();
    if (region != Region.EU) {
      return sameSpace;
    }
    var euFirst = new ArrayList<String>();
    sameSpace.stream().filter(n -> isEu(n)).forEach(euFirst::add);
    sameSpace.stream().filter(n -> !isEu(n)).forEach(euFirst::add);
    return euFirst;
  }

  private boolean isEu(String provider) {
    return "eu".equals(batchers.get(provider).provider().provider().location());
  }

  /** The configured cheaper model of {@code name}, or {@code name} itself when it costs nothing. */
  private @Nullable String cheapModel(String name) {
    var s = settings.get(name);
    if (s.cheaper() != null && !s.cheaper().isBlank() && batchers.containsKey(s.cheaper())) {
      return s.cheaper();
    }
    return s.pricePerMillionTokens().signum() == 0 ? name : null;
  }

  private static List<String> texts(EmbeddingRequest request) {
    return request.items().stream().map(EmbeddingInput::text).toList();
  }

  private List<Batcher.Embedded> await(
      List<CompletableFuture<Batcher.Embedded>> futures, long deadline, String provider) {
    var results = new ArrayList<Batcher.Embedded>(futures.size());
    try {
      for (CompletableFuture<Batcher.Embedded> f : futures) {
        long left = Math.max(1, deadline - System.nanoTime());
        results.add(f.get(left, TimeUnit.NANOSECONDS));
      }
      return results;
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(false));
      if (e.getCause() instanceof ProviderException pe) {
        throw pe;
      }
      throw new ProviderException(provider, 0, true, null, "failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      futures.forEach(f -> f.cancel(false)); // queued texts nobody waits for are not sent
      throw new ProviderException(
          provider,
          0,
          true,
          null,
          "no vectors within the " + properties.totalTimeout().toMillis() + " ms budget",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(provider, 0, false, null, "interrupted", e);
    }
  }

  private EmbeddingOutcome finish(
      EmbeddingRequest request,
      Batcher batcher,
      List<Batcher.Embedded> results,
      NonEuProcessing.@Nullable Permission outsideEu,
      long started) {
    EmbeddingProvider provider = batcher.provider().provider();
    UUID overrideId = outsideEu == null ? null : outsideEu.overrideId().orElse(null);
    String regionTag = outsideEu != null ? "non-eu-temp" : request.region().code();
    EmbeddingMeta meta =
        new EmbeddingMeta(
            provider.kind(),
            provider.model(),
            provider.dimension(),
            regionTag,
            VERSION,
            clock.instant(),
            overrideId);
    double tokenShares = results.stream().mapToDouble(Batcher.Embedded::tokens).sum();
    long tokens = Math.round(tokenShares);
    // the batcher already recorded this in the spend ledger, at the point of billing
    BigDecimal cost = Batcher.cost(batcher.provider().pricePerMillionTokens(), tokenShares);
    audit.record(request, meta, results, batcher.provider().pricePerMillionTokens(), false);
    if (outsideEu != null) {
      audit.recordNonEuUse(request, meta, outsideEu.reason());
    }
    timer(provider.name(), request.region()).record(Duration.ofNanos(System.nanoTime() - started));
    maybeShadow(request, provider);
    List<float[]> vectors = results.stream().map(Batcher.Embedded::vector).toList();
    return new EmbeddingOutcome.Embedded(vectors, meta, tokens, cost);
  }

  private static Batcher.UsageTag tag(EmbeddingRequest request, boolean shadow) {
    return new Batcher.UsageTag(
        request.region().code(),
        request.purpose().name().toLowerCase(java.util.Locale.ROOT),
        request.priority().name().toLowerCase(java.util.Locale.ROOT),
        request.jobId(),
        shadow);
  }

  /**
   * A configured share of items also goes to the shadow provider, to compare models before
   * switching: never at the cap (checked when the shadow call runs), never EU data to a non-EU
   * provider.
   */
  private void maybeShadow(EmbeddingRequest request, EmbeddingProvider primary) {
    String shadowName = properties.shadow().provider();
    if (shadowName.isBlank()
        || shadowName.equals(primary.name())
        || !batchers.containsKey(shadowName)) {
      return;
    }
    Batcher shadow = batchers.get(shadowName);
    if (request.region() == Region.EU && !"eu".equals(shadow.provider().provider().location())) {
      return;
    }
    List<EmbeddingInput> chosen =
        request.items().stream()
            .filter(i -> shadowSelected(i.entityId(), properties.shadow().fraction()))
            .toList();
    if (chosen.isEmpty()) {
      return;
    }
    shadows.submit(
        () -> {
          SpendLevel level = governor.level();
          if (level == SpendLevel.STOPPED) {
            return; // the seed's "stop shadow writes" at 100 %
          }
          var shadowRequest =
              new EmbeddingRequest(
                  request.purpose(),
                  request.region(),
                  Priority.BACKGROUND,
                  chosen,
                  false,
                  request.jobId());
          long deadline = System.nanoTime() + properties.totalTimeout().toNanos();
          try {
            List<Batcher.Embedded> results =
                await(
                    shadow.submit(texts(shadowRequest), deadline, tag(shadowRequest, true)),
                    deadline,
                    shadowName);
            EmbeddingProvider p = shadow.provider().provider();
            EmbeddingMeta meta =
                new EmbeddingMeta(
                    p.kind(),
                    p.model(),
                    p.dimension(),
                    request.region().code(),
                    "shadow",
                    clock.instant(),
                    null);
            audit.record(
                shadowRequest, meta, results, shadow.provider().pricePerMillionTokens(), true);
            Counter.builder("seda.embeddings.shadow.items")
                .tag("provider", p.name())
                .register(meters)
                .increment(chosen.size());
          } catch (ProviderException e) {
            log.info("Shadow embedding with {} failed: {}", shadowName, e.getMessage());
          }
        });
  }

  /** A stable choice per entity: the same item is always, or never, shadowed. */
  static boolean shadowSelected(UUID entityId, double fraction) {
    long bits = entityId.getMostSignificantBits() ^ entityId.getLeastSignificantBits();
    double u = (bits >>> 11) * 0x1.0p-53;
    return u < fraction;
  }

  private Timer timer(String provider, Region region) {
    return requestTimers.computeIfAbsent(
        provider + "/" + region.code(),
        k ->
            Timer.builder("seda.embeddings.request.latency")
                .description("Latency of an embedding request, batching and retries included")
                .tag("provider", provider)
                .tag("region", region.code())
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters));
  }

  private Duration untilNextMonth() {
    Instant now = clock.instant();
    Instant next =
        YearMonth.from(now.atZone(ZoneOffset.UTC))
            .plusMonths(1)
            .atDay(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
    return Duration.between(now, next);
  }

  private void validate(EmbeddingRequest request) {
    if (request.items().isEmpty()) {
      throw new InvalidEmbeddingInput("an embedding request needs at least one text");
    }
    for (int i = 0; i < request.items().size(); i++) {
      String text = request.items().get(i).text();
      if (text == null || text.isBlank()) {
        throw new InvalidEmbeddingInput(
            "item " + i + " has an empty text; an empty text has no meaning to embed");
      }
      if (text.length() > properties.maxTextChars()) {
        throw new InvalidEmbeddingInput(
            "item "
                + i
                + " is "
                + text.length()
                + " characters; the limit is "
                + properties.maxTextChars()
                + " (seda.embeddings.max-text-chars)");
      }
    }
  }

  @Override
  public SpendStatus spendStatus() {
    return governor.status();
  }

  @Override
  public boolean euPathAvailable() {
    refreshRoutes();
    long deadline = System.nanoTime() + properties.totalTimeout().toNanos();
    var probe = new Batcher.UsageTag(Region.EU.code(), "probe", "background", null, false);
    // every EU route's space needs an EU provider that answers: a user taste space still down
    // while catalog vectors could be made again is not a recovery
    var dims =
        routes.get(Region.EU).values().stream()
            .map(name -> batchers.get(name).provider().provider().dimension())
            .distinct()
            .toList();
    for (int dim : dims) {
      if (!euProviderAnswers(dim, probe, deadline)) {
        return false;
      }
    }
    return true;
  }

  private boolean euProviderAnswers(int dim, Batcher.UsageTag probe, long deadline) {
    for (Batcher batcher : batchers.values()) {
      EmbeddingProvider p = batcher.provider().provider();
      if (!"eu".equals(p.location()) || p.dimension() != dim || batcher.provider().isOpen()) {
        continue;
      }
      try {
        await(batcher.submit(List.of(EU_PROBE), deadline, probe), deadline, p.name());
        return true;
      } catch (ProviderException e) {
        log.info("EU path probe: {} does not answer yet: {}", p.name(), e.getMessage());
      }
    }
    return false;
  }

  /** The text the EU path is probed with: fixed, short, nobody's data. */
  static final String EU_PROBE = "seda eu availability probe";

  @Override
  public ModelSpace space(Region region, Purpose purpose) {
    refreshRoutes();
    EmbeddingProvider p = batchers.get(routes.get(region).get(purpose)).provider().provider();
    return new ModelSpace(p.name(), p.kind(), p.model(), p.dimension());
  }

  /**
   * Switches the provider serving a region and purpose; the caller has checked it is compatible.
   */
  void route(Region region, Purpose purpose, String provider) {
    routes.get(region).put(purpose, provider);
  }

  private static final long ROUTES_REFRESH_NANOS = Duration.ofSeconds(5).toNanos();
  private volatile long routesReadAt = System.nanoTime();

  /**
   * Picks up switch-model changes made through another node: every node re-reads the stored routes
   * at most every five seconds.
   */
  private void refreshRoutes() {
    long now = System.nanoTime();
    if (now - routesReadAt < ROUTES_REFRESH_NANOS) {
      return;
    }
    routesReadAt = now;
    regionsForRoutes
        .operations()
        .jdbc()
        .sql("SELECT region, purpose, provider FROM embedding_routes")
        .query(
            (rs, n) -> {
              if (batchers.containsKey(rs.getString(3))) {
                routes
                    .get(Region.fromCode(rs.getString(1)))
                    .put(
                        Purpose.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(3));
              }
              return null;
            })
        .list();
  }

  /** Stores an operator's switch so it outlives a restart, and records it as an action. */
  void persistRoute(Region region, Purpose purpose, String provider, String actor) {
    regionsForRoutes
        .operations()
        .jdbc()
        .sql(
            "INSERT INTO embedding_routes (region, purpose, provider, changed_by) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (region, purpose) DO UPDATE SET provider = EXCLUDED.provider,"
                + " changed_at = now(), changed_by = EXCLUDED.changed_by")
        .params(region.code(), purpose.name().toLowerCase(java.util.Locale.ROOT), provider, actor)
        .update();
    governor.recordAction(
        governor.status().month(),
        "operator",
        "switch_model",
        region.code()
            + " "
            + purpose.name().toLowerCase(java.util.Locale.ROOT)
            + " now served by "
            + provider,
        null,
        actor,
        null);
  }

  Optional<Batcher> batcher(String name) {
    return Optional.ofNullable(batchers.get(name));
  }

  Map<String, Batcher> batchers() {
    return batchers;
  }

  SpendLedger ledger() {
    return ledger;
  }

  SpendGovernor governor() {
    return governor;
  }

  @Override
  public void close() {
    shadows.shutdownNow();
    batchers.values().forEach(Batcher::close);
  }
}
