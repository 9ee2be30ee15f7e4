package fm.seda.embeddings.internal;

import static fm.seda.testing.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.catalog.CatalogKind;
import fm.seda.jobs.Jobs;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Catalog changes become vectors through the PostgreSQL job queue, with the real local model, under
 * the spend governor and the operators' pause switch.
 */
@SedaIntegrationTest
@TestPropertySource(
    properties = {
      "seda.jobs.enabled=true",
      "seda.jobs.poll-interval=50ms",
      "seda.jobs.lease-check-interval=500ms"
    })
class CatalogEmbeddingJobsIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;
  @Autowired DefaultEmbeddings embeddings;
  Api api;
  String admin;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    admin = TestUsers.admin(api, regions);
  }

  @AfterEach
  void resume() {
    jobs.resume(fm.seda.embeddings.EmbeddingJobs.CATALOG, "test");
    embeddings.governor().simulate(null, "test");
  }

  String upsertArtist(String name, String genre) {
    String externalId = "job-" + UUID.randomUUID();
    var response =
        api.put(
            "/admin/catalog/artists",
            admin,
            json(
                "{'items': [{'external_id': '"
                    + externalId
                    + "', 'name': '"
                    + name
                    + "', 'genres': ['"
                    + genre
                    + "']}]}"));
    assertThat(response.status()).isEqualTo(200);
    return externalId;
  }

  int vectors(Region region, String externalId) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT count(*) FROM entity_vectors WHERE entity_type = 'artist' AND entity_id = ?")
        .param(CatalogKind.ARTISTS.idFor(externalId))
        .query(Integer.class)
        .single();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void catalogChangeIsEmbeddedInEachRegionWithProvenance() throws Exception {
    String id = upsertArtist("Nightfall Collective", "deep house");

    await(
        "both regions hold the vector",
        Duration.ofSeconds(30),
        () -> vectors(Region.EU, id) == 1 && vectors(Region.US, id) == 1);

    for (Region region : Region.values()) {
      var meta =
          regions
              .database(region)
              .jdbc()
              .sql(
                  "SELECT embedding_meta->>'provider', embedding_meta->>'model', (embedding_meta->>'dim')::int, embedding_meta->>'region',"
                      + " array_length(embedding, 1) FROM entity_vectors WHERE entity_id = ?")
              .param(CatalogKind.ARTISTS.idFor(id))
              .query(
                  (rs, n) ->
                      List.of(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getInt(3),
                          rs.getString(4),
                          rs.getInt(5)))
              .single();
      assertThat(meta).containsExactly("local", "all-minilm-l6-v2-q", 384, region.code(), 384);
      assertThat(
              regions
                  .database(region)
                  .jdbc()
                  .sql("SELECT count(*) FROM embeddings_audit WHERE entity_id = ?")
                  .param(CatalogKind.ARTISTS.idFor(id))
                  .query(Integer.class)
                  .single())
          .isEqualTo(1);
    }
  }

  @Test
  void pausedJobsWaitAndResume() throws Exception {
    var paused =
        api.post("/admin/embeddings/actions/pause-jobs", admin, json("{'kind': 'embed-catalog'}"));
    assertThat(paused.json().path("paused").asBoolean()).isTrue();
    String id = upsertArtist("Paused Players", "jazz");

    Thread.sleep(1500);
    assertThat(vectors(Region.EU, id) + vectors(Region.US, id))
        .as("nothing runs while paused")
        .isZero();
    assertThat(api.get("/admin/jobs", admin).json().toString()).contains("\"paused\":true");

    api.post("/admin/embeddings/actions/resume-jobs", admin, "{}");
    await(
        "the queued jobs ran",
        Duration.ofSeconds(30),
        () -> vectors(Region.EU, id) == 1 && vectors(Region.US, id) == 1);
  }

  @Test
  void noNonEssentialJobRunsAfterTheSpendCapIsReached() throws Exception {
    embeddings.governor().simulate(100.0, "test");
    String id = upsertArtist("Capped Crew", "techno");

    Thread.sleep(1500);
    assertThat(vectors(Region.EU, id) + vectors(Region.US, id)).isZero();
    assertThat(jobs.depths())
        .anySatisfy(
            d -> {
              assertThat(d.kind()).isEqualTo(fm.seda.embeddings.EmbeddingJobs.CATALOG);
              assertThat(d.queued()).isPositive();
              assertThat(d.running()).isZero();
            });

    embeddings.governor().simulate(null, "test");
    await(
        "jobs run once the stop is lifted",
        Duration.ofSeconds(30),
        () -> vectors(Region.EU, id) == 1 && vectors(Region.US, id) == 1);
  }

  @Test
  void aJobThatCannotRunYetIsDeferredNotFailed() throws Exception {
    var local = embeddings.batcher("local").orElseThrow().provider().breaker();
    local.transitionToForcedOpenState();
    try {
      String id = upsertArtist("Breaker Open Band", "blues");

      await("the job was deferred", Duration.ofSeconds(30), () -> deferredJobs() > 0);
      Thread.sleep(500);
      assertThat(
              regions
                  .database(Region.US)
                  .jdbc()
                  .sql(
                      "SELECT count(*) FROM jobs WHERE kind = 'embed-catalog' AND (status = 'failed' OR attempts > 1)")
                  .query(Integer.class)
                  .single())
          .as("an open breaker uses up no attempts")
          .isZero();
      assertThat(vectors(Region.US, id)).isZero();
    } finally {
      local.reset();
      for (Region region : Region.values()) {
        regions
            .database(region)
            .jdbc()
            .sql("UPDATE jobs SET run_after = now() WHERE status = 'queued'")
            .update();
      }
    }
  }

  private int deferredJobs() {
    return regions
        .database(Region.US)
        .jdbc()
        .sql("SELECT count(*) FROM jobs WHERE status = 'queued' AND last_error LIKE 'deferred:%'")
        .query(Integer.class)
        .single();
  }

  @Test
  void aJobLeftRunningByADeadNodeIsRunAgain() throws Exception {
    String id = "orphan-" + UUID.randomUUID();
    regions
        .database(Region.US)
        .jdbc()
        .sql(
            "INSERT INTO artists (id, external_id, name, genres) VALUES (?, ?, 'Orphaned Job', '{jazz}')")
        .params(CatalogKind.ARTISTS.idFor(id), id)
        .update();
    regions
        .database(Region.US)
        .jdbc()
        .sql(
            "INSERT INTO jobs (kind, payload, status, attempts, locked_until, started_at) VALUES ('embed-catalog',"
                + " jsonb_build_object('kind', 'artists', 'ids', jsonb_build_array(?::text)), 'running', 1, now() - interval '1 minute', now() - interval '6 minutes')")
        .param(CatalogKind.ARTISTS.idFor(id).toString())
        .update();

    await(
        "the expired lease is reclaimed and the job runs",
        Duration.ofSeconds(30),
        () -> vectors(Region.US, id) == 1);
  }

  @Test
  void aDifferentDimensionIsRefusedNotMixedIntoTheSpace() throws Exception {
    var eu = regions.database(Region.EU).jdbc();
    // a space that holds 1536-d vectors only (as after a switch to a vendor model)
    eu.sql("DELETE FROM entity_vectors WHERE entity_type = 'artist'").update();
    UUID foreign = UUID.randomUUID();
    eu.sql(
            "INSERT INTO entity_vectors (entity_type, entity_id, embedding, embedding_meta) VALUES ('artist', ?, ?::real[],"
                + " '{\"provider\":\"openai\",\"model\":\"text-embedding-3-small\",\"dim\":1536,\"region\":\"eu\"}')")
        .params(foreign, "{" + "0.1,".repeat(1535) + "0.1}")
        .update();
    try {
      String id = upsertArtist("Mixed Signals", "ambient");

      await(
          "the EU job gave up its first attempt",
          Duration.ofSeconds(30),
          () ->
              eu.sql(
                          "SELECT count(*) FROM jobs WHERE kind = 'embed-catalog' AND last_error LIKE '%refusing to mix%'")
                      .query(Integer.class)
                      .single()
                  > 0);
      assertThat(vectors(Region.EU, id)).isZero();
      await(
          "the US region, whose space is consistent, still gets its vector",
          Duration.ofSeconds(30),
          () -> vectors(Region.US, id) == 1);
    } finally {
      eu.sql("DELETE FROM entity_vectors WHERE entity_id = ?").param(foreign).update();
    }
  }
}
