package fm.seda.embeddings.internal;

import static fm.seda.testing.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.EmbeddingSpaces;
import fm.seda.embeddings.InvalidEmbeddingInput;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.embeddings.SpendLevel;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.sandbox.SandboxVendors;
import fm.seda.testing.Api;
import fm.seda.testing.TestOverrides;
import fm.seda.testing.TestUsers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The embeddings service against the sandbox's mock vendor servers (real HTTP), on the real
 * embedded PostgreSQL ({@link EuOutageSandbox}).
 */
@EuOutageSandbox
class EmbeddingsIntegrationTests {

  @LocalServerPort int port;
  @Autowired DefaultEmbeddings embeddings;
  @Autowired SandboxVendors vendors;
  @Autowired RegionRouter regions;
  @Autowired fm.seda.overrides.Overrides overrides;
  @Autowired org.springframework.context.ApplicationContext context;

  /** An EU account: its audit rows are guarded like every personal row (V11). */
  UUID euUser() {
    return fm.seda.testing.CandidateFixtures.of(context).user(Region.EU).id();
  }

  Api api;

  @BeforeEach
  void reset() {
    api = new Api(port);
    vendors.openAi().knobs().reset();
    vendors.cohere().knobs().reset();
    embeddings.batchers().values().forEach(b -> b.provider().breaker().reset());
    embeddings.governor().simulate(null, "test");
    regions
        .operations()
        .jdbc()
        .sql("UPDATE admin_overrides SET reverted_at = now() WHERE reverted_at IS NULL")
        .update();
  }

  static List<EmbeddingInput> items(String... texts) {
    return java.util.Arrays.stream(texts)
        .map(t -> new EmbeddingInput("artist", UUID.randomUUID(), null, t))
        .toList();
  }

  static EmbeddingRequest catalog(Region region, Priority priority, List<EmbeddingInput> items) {
    return EmbeddingRequest.of(Purpose.CATALOG, region, priority, items);
  }

  static EmbeddingOutcome.Embedded embedded(EmbeddingOutcome outcome) {
    assertThat(outcome).isInstanceOf(EmbeddingOutcome.Embedded.class);
    return (EmbeddingOutcome.Embedded) outcome;
  }

  @Test
  void concurrentRequestsShareBatchesAndEachGetsItsOwnVector() throws Exception {
    List<String> texts = IntStream.range(0, 40).mapToObj(i -> "artist number " + i).toList();
    var pool = Executors.newFixedThreadPool(40);
    List<CompletableFuture<EmbeddingOutcome>> futures = new ArrayList<>();
    for (String text : texts) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items(text))), pool));
    }
    List<float[]> together =
        futures.stream()
            .map(CompletableFuture::join)
            .map(o -> embedded(o).vectors().getFirst())
            .toList();
    pool.shutdown();
    int calls = vendors.openAi().knobs().requestCount();

    EmbeddingOutcome.Embedded alone =
        embedded(
            embeddings.embed(
                catalog(Region.US, Priority.ON_DEMAND, items(texts.toArray(String[]::new)))));

    assertThat(calls).as("40 single-text requests within the 200 ms window").isLessThanOrEqualTo(4);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(together.get(i))
          .as("vector of " + texts.get(i))
          .containsExactly(alone.vectors().get(i));
    }
  }

  @Test
  void largeRequestIsSplitIntoBatchesOf128InOrder() {
    List<String> texts = IntStream.range(0, 300).mapToObj(i -> "playlist " + i).toList();

    EmbeddingOutcome.Embedded result =
        embedded(
            embeddings.embed(
                catalog(Region.US, Priority.BACKGROUND, items(texts.toArray(String[]::new)))));

    assertThat(vendors.openAi().knobs().requestCount()).isEqualTo(3);
    assertThat(result.vectors()).hasSize(300);
    EmbeddingOutcome.Embedded last =
        embedded(embeddings.embed(catalog(Region.US, Priority.BACKGROUND, items("playlist 299"))));
    assertThat(result.vectors().get(299)).containsExactly(last.vectors().getFirst());
    assertThat(result.meta().dim()).isEqualTo(1536);
    assertThat(result.meta().provider()).isEqualTo("openai");
    assertThat(result.meta().model()).isEqualTo("text-embedding-3-large");
    assertThat(result.meta().region()).isEqualTo("us");
  }

  @Test
  void emptyOrOverlongTextIsRefusedNeverZeroVectors() {
    assertThatThrownBy(
            () -> embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("ok", "  "))))
        .isInstanceOf(InvalidEmbeddingInput.class)
        .hasMessageContaining("item 1");
    assertThatThrownBy(
            () -> embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("x".repeat(8001)))))
        .isInstanceOf(InvalidEmbeddingInput.class)
        .hasMessageContaining("8001")
        .hasMessageContaining("8000");
    assertThatThrownBy(() -> embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, List.of())))
        .isInstanceOf(InvalidEmbeddingInput.class);
    assertThat(vendors.openAi().knobs().requestCount()).isZero();
  }

  @Test
  void retryAfterIsHonoured() {
    vendors.openAi().knobs().rateLimitNext(1, Duration.ofSeconds(1));
    long start = System.nanoTime();

    EmbeddingOutcome.Embedded result =
        embedded(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("retry me"))));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(result.meta().provider())
        .as("served by the same provider after waiting")
        .isEqualTo("openai");
    assertThat(vendors.openAi().knobs().requestCount()).isEqualTo(2);
  }

  @Test
  void breakerOpensOnInjectedServerErrorsFailsOverAndRecovers() throws Exception {
    vendors.openAi().knobs().failNext(1000, 503);

    for (int i = 0; i < 3; i++) {
      EmbeddingOutcome.Embedded result =
          embedded(
              embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("failover " + i))));
      assertThat(result.meta().provider())
          .as("the pre-approved same-dimension failover")
          .isEqualTo("cohere");
    }
    CircuitBreaker breaker = embeddings.batcher("openai").orElseThrow().provider().breaker();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    int callsWhenOpened = vendors.openAi().knobs().requestCount();
    embedded(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("while open"))));
    assertThat(vendors.openAi().knobs().requestCount())
        .as("no calls to an open breaker")
        .isEqualTo(callsWhenOpened);

    vendors.openAi().knobs().reset();
    Thread.sleep(2300); // open-for is 2 s in this test
    for (int i = 0; i < 3; i++) {
      assertThat(
              embedded(
                      embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("probe " + i))))
                  .meta()
                  .provider())
          .isEqualTo("openai");
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aVendorThatDoesNotAnswerWithinTheReadTimeoutIsLeftForTheFailover() {
    vendors.openAi().knobs().latency(Duration.ofMillis(3500)); // read timeout is 3 s
    long start = System.nanoTime();

    EmbeddingOutcome.Embedded result =
        embedded(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("too slow"))));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result.meta().provider()).isEqualTo("cohere");
    assertThat(took)
        .as("one timed-out attempt, no retry that would eat the failover's time")
        .isBetween(Duration.ofSeconds(3), Duration.ofMillis(5500));
    assertThat(vendors.openAi().knobs().requestCount()).isEqualTo(1);
  }

  @Test
  void breakerOpensWhenCallsAreSlow() {
    vendors.openAi().knobs().latency(Duration.ofMillis(500));

    for (int i = 0; i < 4; i++) {
      embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("slow " + i)));
    }

    assertThat(embeddings.batcher("openai").orElseThrow().provider().breaker().getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(
            embedded(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("after slow"))))
                .meta()
                .provider())
        .isEqualTo("cohere");
  }

  @Test
  void euDataIsNeverSentOutsideTheEuWithoutOptInOrOverride() {
    embeddings
        .batcher("eu-runner")
        .orElseThrow()
        .provider()
        .breaker()
        .transitionToForcedOpenState();
    forceOpen("eu-backup"); // the whole EU path is down
    UUID user = euUser();
    var items = List.of(new EmbeddingInput("user_taste", user, user, "deep house, techno, jazz"));

    EmbeddingOutcome refused =
        embeddings.embed(
            new EmbeddingRequest(
                Purpose.USER_TASTE, Region.EU, Priority.CRITICAL, items, false, null));
    assertThat(refused).isInstanceOf(EmbeddingOutcome.Deferred.class);
    assertThat(((EmbeddingOutcome.Deferred) refused).reason())
        .contains("never processed outside the EU");
    assertThat(vendors.openAi().knobs().requestCount() + vendors.cohere().knobs().requestCount())
        .isZero();

    UUID job = UUID.randomUUID();
    EmbeddingOutcome.Embedded optedIn =
        embedded(
            embeddings.embed(
                new EmbeddingRequest(
                    Purpose.USER_TASTE, Region.EU, Priority.CRITICAL, items, true, job)));
    assertThat(optedIn.meta().region()).isEqualTo("non-eu-temp");
    assertThat(optedIn.meta().provider()).isEqualTo("openai");
    var eu = regions.database(Region.EU).jdbc();
    assertThat(
            eu.sql("SELECT region FROM embeddings_audit WHERE entity_id = ?")
                .param(user)
                .query(String.class)
                .single())
        .isEqualTo("non-eu-temp");
    assertThat(
            eu.sql(
                    "SELECT details->>'job_id' FROM audit_log WHERE action = 'non_eu_embedding_fallback' AND subject_id = ?")
                .param(user.toString())
                .query(String.class)
                .single())
        .isEqualTo(job.toString());
    assertThat(
            regions
                .database(Region.US)
                .jdbc()
                .sql("SELECT count(*) FROM embeddings_audit WHERE entity_id = ?")
                .param(user)
                .query(Integer.class)
                .single())
        .as("nothing about the EU user lands in the US database")
        .isZero();
  }

  @Test
  void executedOrgOverrideAllowsNonEuProcessingAndIsRecorded() {
    embeddings
        .batcher("eu-runner")
        .orElseThrow()
        .provider()
        .breaker()
        .transitionToForcedOpenState();
    forceOpen("eu-backup"); // the whole EU path is down
    UUID override = TestOverrides.executed(regions, "non_eu_fallback");
    UUID user = euUser();

    EmbeddingOutcome.Embedded result =
        embedded(
            embeddings.embed(
                new EmbeddingRequest(
                    Purpose.USER_TASTE,
                    Region.EU,
                    Priority.CRITICAL,
                    List.of(new EmbeddingInput("user_taste", user, user, "salsa and bachata")),
                    false,
                    null)));

    assertThat(result.meta().region()).isEqualTo("non-eu-temp");
    assertThat(result.meta().overrideId()).isEqualTo(override);
  }

  @Test
  void anEuBackupIsTriedBeforeAnyNonEuProviderInTheFailoverOrder() {
    embeddings
        .batcher("eu-runner")
        .orElseThrow()
        .provider()
        .breaker()
        .transitionToForcedOpenState();
    UUID user = euUser();

    EmbeddingOutcome.Embedded result =
        embedded(
            embeddings.embed(
                new EmbeddingRequest(
                    Purpose.USER_TASTE,
                    Region.EU,
                    Priority.CRITICAL,
                    List.of(new EmbeddingInput("user_taste", user, user, "ambient")),
                    true,
                    null)));

    assertThat(result.meta().region())
        .as("the opt-in is for EU outages, not a preference")
        .isEqualTo("eu");
    assertThat(vendors.openAi().knobs().requestCount()).isZero();
  }

  @Test
  void atTheCapACriticalRequestNeverFallsBackToTheFullPriceModel() {
    embeddings.governor().simulate(100.0, "test");
    embeddings
        .batcher("openai-small")
        .orElseThrow()
        .provider()
        .breaker()
        .transitionToForcedOpenState();

    EmbeddingOutcome outcome =
        embeddings.embed(
            catalog(Region.US, Priority.CRITICAL, items("first feed, cheap model down")));

    assertThat(outcome).isInstanceOf(EmbeddingOutcome.Deferred.class);
    assertThat(vendors.openAi().knobs().requestCount()).isZero();
  }

  @Test
  void billedPartsOfAFailedOverRequestAreStillMetered() throws Exception {
    UUID job = UUID.randomUUID();
    List<EmbeddingInput> many =
        IntStream.range(0, 200)
            .mapToObj(i -> new EmbeddingInput("artist", UUID.randomUUID(), null, "split " + i))
            .toList();

    // 128 texts leave at once and are billed; the other 72 wait out the 200 ms window, and the
    // vendor refuses them (400, not retryable), so the whole request moves to Cohere
    var pending =
        CompletableFuture.supplyAsync(
            () ->
                embeddings.embed(
                    new EmbeddingRequest(
                        Purpose.CATALOG, Region.US, Priority.BACKGROUND, many, false, job)));
    Thread.sleep(100);
    vendors.openAi().knobs().failNext(1, 400);
    EmbeddingOutcome.Embedded result = embedded(pending.get());

    assertThat(result.meta().provider()).isEqualTo("cohere");
    var billed =
        regions
            .operations()
            .jdbc()
            .sql(
                "SELECT provider, sum(items) FROM embedding_usage WHERE job_id = ? GROUP BY provider ORDER BY provider")
            .param(job)
            .query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
            .list();
    assertThat(billed).hasSize(2).contains("cohere=200");
    assertThat(billed).anySatisfy(row -> assertThat(row).matches("openai=(72|128)"));
  }

  @Test
  void enforcementActionsAreRecordedOnceForTheWholeDeploymentNotPerNode() {
    Instant start = Instant.now();
    var ledger = new SpendLedger(regions, java.time.Clock.systemUTC());
    var nodeA =
        new SpendGovernor(
            ledger,
            regions,
            overrides,
            new java.math.BigDecimal("1500"),
            java.time.Clock.systemUTC(),
            true);
    var nodeB =
        new SpendGovernor(
            ledger,
            regions,
            overrides,
            new java.math.BigDecimal("1500"),
            java.time.Clock.systemUTC(),
            true);

    nodeA.simulate(85.0, "node-a");
    nodeB.simulate(85.0, "node-b");

    assertThat(systemActionsSince(start))
        .containsExactly(
            "alert_recorded",
            "throttle_background_jobs",
            "route_on_demand_to_cheaper_model",
            "degraded_banner_on");
    nodeA.simulate(null, "node-a");
    nodeB.simulate(null, "node-b");
  }

  @Test
  void euDataStaysOnTheEuRunnerWhenItIsUp() {
    EmbeddingOutcome.Embedded result =
        embedded(
            embeddings.embed(
                new EmbeddingRequest(
                    Purpose.USER_TASTE,
                    Region.EU,
                    Priority.ON_DEMAND,
                    items("k-pop"),
                    true,
                    null)));

    assertThat(result.meta().region()).isEqualTo("eu");
    assertThat(result.meta().provider()).isEqualTo("mock");
    assertThat(vendors.openAi().knobs().requestCount()).isZero();
  }

  @Test
  void everyCallIsMeteredAndPersisted() {
    UUID job = UUID.randomUUID();
    EmbeddingOutcome.Embedded result =
        embedded(
            embeddings.embed(
                new EmbeddingRequest(
                    Purpose.CATALOG,
                    Region.US,
                    Priority.BACKGROUND,
                    items("one two three four", "five"),
                    false,
                    job)));

    var row =
        regions
            .operations()
            .jdbc()
            .sql("SELECT provider, tokens, cost_usd, items FROM embedding_usage WHERE job_id = ?")
            .param(job)
            .query(
                (rs, n) ->
                    List.of(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3), rs.getInt(4)))
            .single();
    assertThat(row.get(0)).isEqualTo("openai");
    assertThat((Long) row.get(1)).isEqualTo(result.tokens()).isPositive();
    // $0.13 per million tokens
    assertThat(((java.math.BigDecimal) row.get(2)).doubleValue())
        .isCloseTo(result.tokens() * 0.13 / 1e6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(row.get(3)).isEqualTo(2);
    var perJob = api.get("/admin/embeddings/jobs/" + job + "/cost", TestUsers.admin(api, regions));
    assertThat(new java.math.BigDecimal(perJob.json().path("cost_usd").asString()))
        .isEqualByComparingTo((java.math.BigDecimal) row.get(2));
    assertThat(embeddings.spendStatus().monthToDateByProvider()).containsKey("openai");
  }

  @Test
  void spendSimulationTriggersExactlyTheEightyAndHundredPercentActions() {
    String admin = TestUsers.admin(api, regions);
    Instant start = Instant.now();

    var at85 = api.post("/admin/test/embeddings/simulate-spend", admin, json("{'percent': 85}"));
    assertThat(at85.status()).isEqualTo(200);
    assertThat(at85.json().path("level").asString()).isEqualTo("THROTTLED");
    assertThat(at85.json().path("degraded_banner").asBoolean()).isTrue();
    assertThat(systemActionsSince(start))
        .containsExactly(
            "alert_recorded",
            "throttle_background_jobs",
            "route_on_demand_to_cheaper_model",
            "degraded_banner_on");
    EmbeddingOutcome.Embedded cheap =
        embedded(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("cheaper please"))));
    assertThat(cheap.meta().model()).isEqualTo("text-embedding-3-small");
    EmbeddingOutcome.Embedded background =
        embedded(
            embeddings.embed(catalog(Region.US, Priority.BACKGROUND, items("still the primary"))));
    assertThat(background.meta().model()).isEqualTo("text-embedding-3-large");

    Instant hundred = Instant.now();
    var at100 = api.post("/admin/test/embeddings/simulate-spend", admin, json("{'percent': 100}"));
    assertThat(at100.json().path("level").asString()).isEqualTo("STOPPED");
    assertThat(systemActionsSince(hundred))
        .containsExactly(
            "stop_non_essential_jobs", "stop_shadow_writes", "critical_only", "degraded_banner_on");
    assertThat(embeddings.embed(catalog(Region.US, Priority.BACKGROUND, items("re-embed"))))
        .isInstanceOf(EmbeddingOutcome.Refused.class);
    assertThat(embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("refresh"))))
        .isInstanceOf(EmbeddingOutcome.Deferred.class);
    assertThat(
            embedded(embeddings.embed(catalog(Region.US, Priority.CRITICAL, items("first feed"))))
                .meta()
                .model())
        .as("critical work on the cheap model")
        .isEqualTo("text-embedding-3-small");

    var backDown =
        api.post("/admin/test/embeddings/simulate-spend", admin, json("{'percent': 40}"));
    assertThat(backDown.json().path("level").asString())
        .as("the stop holds until an override")
        .isEqualTo("STOPPED");

    UUID override = TestOverrides.executed(regions, "spend_cap");
    var resumed = embeddings.spendStatus();
    assertThat(resumed.level()).isEqualTo(SpendLevel.OVERRIDDEN);
    assertThat(resumed.overrideId()).isEqualTo(override);
    assertThat(
            embedded(embeddings.embed(catalog(Region.US, Priority.BACKGROUND, items("resumed"))))
                .meta()
                .model())
        .isEqualTo("text-embedding-3-large");

    var actions = api.get("/admin/embeddings/actions?limit=100", admin);
    assertThat(actions.json().toString())
        .contains("resume_full_operation")
        .contains(override.toString());
  }

  @Test
  void simulationNeedsAPercentOrAReset() {
    String admin = TestUsers.admin(api, regions);

    assertThat(api.post("/admin/test/embeddings/simulate-spend", admin, "{}").problemSlug())
        .isEqualTo("invalid-simulation");
    assertThat(
            api.post("/admin/test/embeddings/simulate-spend", admin, json("{'percent': -5}"))
                .status())
        .isEqualTo(400);
    assertThat(
            api.post(
                    "/admin/test/embeddings/simulate-spend",
                    TestUsers.user(api),
                    json("{'percent': 80}"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void mixingDimensionsInOneSpaceIsRefused() {
    var small =
        new EmbeddingMeta("local", "all-minilm-l6-v2-q", 384, "eu", "1", Instant.now(), null);
    var large =
        new EmbeddingMeta("openai", "text-embedding-3-large", 1536, "us", "1", Instant.now(), null);

    assertThatThrownBy(() -> EmbeddingSpaces.requireOneSpace("artists/us", List.of(small, large)))
        .isInstanceOf(EmbeddingSpaces.MixedDimensions.class)
        .hasMessageContaining("[384, 1536]");

    var response =
        api.post(
            "/admin/embeddings/actions/switch-model",
            TestUsers.admin(api, regions),
            json("{'region': 'eu', 'purpose': 'catalog', 'provider': 'openai'}"));
    assertThat(response.status()).isEqualTo(409);
    assertThat(response.problemSlug()).isEqualTo("dimension-mismatch");
  }

  @Test
  void switchingToANonEuProviderForEuDataIsRefused() {
    var response =
        api.post(
            "/admin/embeddings/actions/switch-model",
            TestUsers.admin(api, regions),
            json("{'region': 'eu', 'purpose': 'user_taste', 'provider': 'cohere'}"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.problemSlug()).isEqualTo("residency");
  }

  @Test
  void latencyBatchesBreakersSpendAndQueuesAreMetrics() {
    embeddings.embed(catalog(Region.US, Priority.ON_DEMAND, items("measured")));

    var response =
        api.send(api.request("/actuator/prometheus", null).header("Accept", "text/plain"));
    String metrics = response.raw().body();

    assertThat(metrics)
        .contains(
            "seda_embeddings_request_latency_seconds{provider=\"openai\",region=\"us\",quantile=\"0.95\"}")
        .contains("seda_embeddings_provider_latency_seconds{provider=\"openai\",quantile=\"0.99\"}")
        .contains("seda_embeddings_batch_size_count{provider=\"openai\"}")
        .contains("seda_embeddings_breaker_state{provider=\"cohere\"}")
        .contains("seda_embeddings_breaker_failure_rate{provider=\"openai\"}")
        .contains("seda_embeddings_queue_depth{provider=\"openai\"}")
        .contains("seda_embeddings_spend_projected_usd")
        .contains("seda_embeddings_spend_month_to_date_usd");
  }

  @Test
  void spendStatusIsForAdminsOnly() {
    assertThat(api.get("/admin/spend-status", TestUsers.user(api)).status()).isEqualTo(403);
    var status = api.get("/admin/spend-status", TestUsers.admin(api, regions));
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().path("cap_usd").asDouble()).isEqualTo(1500.0);
  }

  private void forceOpen(String provider) {
    embeddings.batcher(provider).orElseThrow().provider().breaker().transitionToForcedOpenState();
  }

  private List<String> systemActionsSince(Instant since) {
    return regions
        .operations()
        .jdbc()
        .sql(
            "SELECT action FROM embedding_enforcement_actions WHERE actor = 'system' AND created_at >= ? ORDER BY created_at, id")
        .param(java.sql.Timestamp.from(since))
        .query(String.class)
        .list();
  }
}
