package fm.seda.embeddings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.accounts.Account;
import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.sandbox.SandboxVendors;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.TestOverrides;
import fm.seda.testing.TestUsers;
import fm.seda.testing.Tokens;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The whole life of EU data processed outside the EU during an EU outage: refused without consent,
 * allowed with the user's opt-in or an executed override, tagged {@code non-eu-temp}, logged, shown
 * to the user, and purged (and queued to be redone in the EU) once the EU path answers again. Same
 * configuration as {@link EmbeddingsIntegrationTests}, so the two share one server.
 */
@EuOutageSandbox
class NonEuFallbackLifecycleIntegrationTests {

  @LocalServerPort int port;
  @Autowired DefaultEmbeddings embeddings;
  @Autowired SandboxVendors vendors;
  @Autowired RegionRouter regions;
  @Autowired VectorStore vectors;
  @Autowired List<JobHandler> handlers;
  @Autowired ApplicationContext context;
  Api api;
  CandidateFixtures world;

  @BeforeEach
  void reset() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
    vendors.openAi().knobs().reset();
    embeddings.batchers().values().forEach(b -> b.provider().breaker().reset());
    embeddings.governor().simulate(null, "test");
    regions
        .operations()
        .jdbc()
        .sql("UPDATE admin_overrides SET reverted_at = now() WHERE reverted_at IS NULL")
        .update();
  }

  void euPath(boolean up) {
    for (String name : List.of("eu-runner", "eu-backup")) {
      var breaker = embeddings.batcher(name).orElseThrow().provider().breaker();
      if (up) {
        breaker.transitionToClosedState();
      } else {
        breaker.transitionToForcedOpenState();
      }
    }
  }

  EmbeddingOutcome embedTaste(Account user, boolean optedIn) {
    return embeddings.embed(
        new EmbeddingRequest(
            Purpose.USER_TASTE,
            Region.EU,
            Priority.CRITICAL,
            List.of(new EmbeddingInput("user_taste", user.id(), user.id(), "jazz and deep house")),
            optedIn,
            UUID.randomUUID()));
  }

  /** Stores a fallback result the way a taste write would. */
  void store(Account user, EmbeddingOutcome.Embedded result) {
    vectors.upsert(
        Region.EU,
        List.of(
            new StoredVector(
                "user_taste",
                user.id(),
                user.id(),
                result.vectors().getFirst(),
                result.meta(),
                Set.of())));
  }

  String vectorRegion(Account user) {
    return regions
        .database(Region.EU)
        .jdbc()
        .sql(
            "SELECT coalesce(string_agg(embedding_meta->>'region', ','), 'none') FROM entity_vectors"
                + " WHERE entity_type = 'user_taste' AND entity_id = ?")
        .param(user.id())
        .query(String.class)
        .single();
  }

  void reconcile() throws Exception {
    JobHandler job =
        handlers.stream()
            .filter(h -> h.kind().equals("reconcile-non-eu-vectors"))
            .findFirst()
            .orElseThrow();
    job.run(new Job(UUID.randomUUID(), Region.EU, job.kind(), Map.of(), 1));
  }

  Api.Response processing(Account user) {
    return api.get("/me/privacy/processing", Tokens.valid(world.authSubject(user)));
  }

  @Test
  void euDataProcessedOutsideTheEuIsTaggedLoggedShownAndPurgedWhenTheEuPathIsBack()
      throws Exception {
    Account optedIn = world.user(Region.EU);
    Account underOverride = world.user(Region.EU);
    euPath(false);

    EmbeddingOutcome refused = embedTaste(optedIn, false);
    assertThat(refused).isInstanceOf(EmbeddingOutcome.Deferred.class);
    assertThat(vendors.openAi().knobs().requestCount()).isZero();

    var allowed = (EmbeddingOutcome.Embedded) embedTaste(optedIn, true);
    store(optedIn, allowed);
    UUID override = TestOverrides.executed(regions, "non_eu_fallback");
    var overridden = (EmbeddingOutcome.Embedded) embedTaste(underOverride, false);
    store(underOverride, overridden);
    assertThat(vectorRegion(optedIn)).isEqualTo("non-eu-temp");
    assertThat(vectorRegion(underOverride)).isEqualTo("non-eu-temp");
    assertThat(overridden.meta().overrideId()).isEqualTo(override);

    var shown = processing(optedIn);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().path("uses").size()).isOne();
    assertThat(shown.json().path("uses").get(0).path("provider").asString()).isEqualTo("openai");
    assertThat(shown.json().path("uses").get(0).path("purged_at").isNull()).isTrue();
    assertThat(shown.json().path("notice").asString()).contains("as you allowed");
    var shownOverride = processing(underOverride).json().path("uses").get(0).path("override");
    assertThat(shownOverride.path("id").asString()).isEqualTo(override.toString());
    assertThat(shownOverride.path("approver_roles").toString()).contains("sre", "legal");

    reconcile(); // the EU path is still down: nothing can be redone, so nothing is purged yet
    assertThat(vectorRegion(optedIn)).isEqualTo("non-eu-temp");

    euPath(true);
    reconcile();

    assertThat(vectorRegion(optedIn)).as("no row at all, not even a tombstone").isEqualTo("none");
    assertThat(vectorRegion(underOverride)).isEqualTo("none");
    var eu = regions.database(Region.EU).jdbc();
    assertThat(
            eu.sql(
                    "SELECT details->>'override_id' FROM audit_log WHERE action = 'non_eu_fallback_reconciled'"
                        + " AND subject_id = ?")
                .param(underOverride.id().toString())
                .query(String.class)
                .list())
        .containsExactly(override.toString());
    assertThat(
            eu.sql(
                    "SELECT count(*) FROM jobs WHERE kind = 'recompute-taste' AND status = 'queued'"
                        + " AND payload->>'user_id' IN (?, ?)")
                .params(optedIn.id().toString(), underOverride.id().toString())
                .query(Long.class)
                .single())
        .as("each taste is redone on the EU path")
        .isEqualTo(2);
    var after = processing(optedIn).json();
    assertThat(after.path("uses").get(0).path("purged_at").isNull()).isFalse();
    assertThat(after.path("notice").isNull()).isTrue();
    assertThat(
            api.get("/admin/residency/audit", TestUsers.admin(api, regions))
                .json()
                .path("violations")
                .asLong())
        .isZero();
  }
}
