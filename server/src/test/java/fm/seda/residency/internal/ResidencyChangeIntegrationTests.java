package fm.seda.residency.internal;

import static fm.seda.testing.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.regions.DataResidency;
import fm.seda.regions.PersonalTable;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.residency.ResidencySource;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestOverrides;
import fm.seda.testing.TestUsers;
import fm.seda.testing.Tokens;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * Residency changes end to end on the real databases: who may change it (re-auth, typed phrase,
 * precedence, executed overrides), and the move of every personal row to the new region, including
 * a move interrupted after its copy.
 */
@SedaIntegrationTest
class ResidencyChangeIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired ResidencyMover mover;
  @Autowired ResidencyChanges changes;
  @Autowired VectorStore vectors;
  @Autowired fm.seda.candidates.taste.TasteVectors tastes;
  @Autowired ApplicationContext context;
  Api api;
  CandidateFixtures world;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
  }

  /** A user made through the API, like a client would. */
  record User(String subject, String token, UUID id) {}

  User newUser() {
    String subject = Tokens.newSubject();
    String token = Tokens.valid(subject);
    Response created = api.post("/me", token, null);
    assertThat(created.status()).isEqualTo(201);
    return new User(subject, token, UUID.fromString(created.json().path("id").asString()));
  }

  /** Rows in most personal tables, a taste vector and a queued job, all in the user's database. */
  void personalData(User user, Region region) {
    var db = regions.database(region).jdbc();
    UUID id = user.id();
    db.sql("INSERT INTO user_profiles (user_id, top_genres) VALUES (?, '{jazz}')")
        .param(id)
        .update();
    db.sql("INSERT INTO user_activity_summary (user_id) VALUES (?)").param(id).update();
    for (int i = 0; i < 3; i++) {
      db.sql(
              "INSERT INTO fact_events (user_id, event_type, idempotency_key, occurred_at, properties)"
                  + " VALUES (?, 'listen_30s', ?, now(), '{\"entity_type\": \"artist\"}')")
          .params(id, "key-" + i)
          .update();
      db.sql("INSERT INTO seen_items (user_id, entity_id, last_seen_at) VALUES (?, ?, now())")
          .params(id, UUID.randomUUID())
          .update();
    }
    db.sql(
            "INSERT INTO dismissals (user_id, entity_type, entity_id, mode) VALUES (?, 'artist', ?, 'never')")
        .params(id, UUID.randomUUID())
        .update();
    db.sql("INSERT INTO friends (user_id, friend_user_id) VALUES (?, ?)")
        .params(id, UUID.randomUUID())
        .update();
    db.sql(
            "INSERT INTO recommendations (user_id, entity_type, entity_id, score, model_version, source,"
                + " expires_at) VALUES (?, 'room', ?, 0.5, 'test', 'batch', now() + interval '1 day')")
        .params(id, UUID.randomUUID())
        .update();
    db.sql(
            "INSERT INTO feed_snapshots (user_id, surface, batch_id, source, computed_at, expires_at)"
                + " VALUES (?, 'home', gen_random_uuid(), 'batch', now(), now() + interval '1 day')")
        .param(id)
        .update();
    EmbeddingMeta space = world.spaceMeta(region);
    var meta =
        new EmbeddingMeta(
            space.provider(), space.model(), space.dim(), region.code(), "1", Instant.now(), null);
    vectors.upsert(
        region,
        List.of(
            new StoredVector(
                "user_taste",
                id,
                id,
                world.direction(new java.util.SplittableRandom(7)),
                meta,
                Set.of())));
    db.sql(
            "INSERT INTO jobs (kind, payload) VALUES ('recompute-taste', jsonb_build_object('user_id', ?::text))")
        .param(id)
        .update();
  }

  /** The user's rows in each personal table of {@code region} (and the account row, and jobs). */
  Map<String, Long> rows(Region region, UUID id) {
    RegionalDatabase db = regions.database(region);
    var counts = new LinkedHashMap<String, Long>();
    counts.put("users", count(db, "SELECT count(*) FROM users WHERE id = ?", id));
    for (PersonalTable t : db.personalTables()) {
      counts.put(
          t.name(),
          count(db, "SELECT count(*) FROM " + t.name() + " WHERE " + t.ownerColumn() + " = ?", id));
    }
    counts.put(
        "queued jobs",
        count(
            db,
            "SELECT count(*) FROM jobs WHERE status = 'queued' AND payload->>'user_id' = ?::text"
                + " AND kind <> 'move-residency'",
            id));
    return counts;
  }

  static long count(RegionalDatabase db, String sql, UUID id) {
    return db.jdbc().sql(sql).param(id).query(Long.class).single();
  }

  static Map<String, Long> nothing(Map<String, Long> like) {
    var zero = new LinkedHashMap<String, Long>();
    like.keySet().forEach(k -> zero.put(k, 0L));
    return zero;
  }

  String reauth(User user) {
    Response r = api.post("/auth/reauth", user.token(), null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json().path("reauth_token").asString();
  }

  Response declare(User user, String residency, String reauthToken, String phrase) {
    return api.put(
        "/me/residency",
        user.token(),
        json(
            "{'data_residency': '"
                + residency
                + "', 'reauth_token': "
                + (reauthToken == null ? "null" : "'" + reauthToken + "'")
                + ", 'typed_confirmation': '"
                + phrase
                + "'}"));
  }

  @Test
  void aUserMovesTheirDataToTheEuWithAFreshSignInAndTheTypedPhrase() {
    User user = newUser();
    personalData(user, Region.US);

    Response stale =
        api.post(
            "/auth/reauth",
            Tokens.issuedAt(user.subject(), Instant.now().minus(Duration.ofMinutes(10))),
            null);
    assertThat(stale.status()).isEqualTo(403);
    assertThat(stale.problemSlug()).isEqualTo("reauth-required");

    String reauth = reauth(user);
    Response wrongPhrase = declare(user, "eu", reauth, "yes please");
    assertThat(wrongPhrase.status()).isEqualTo(400);
    assertThat(wrongPhrase.problemSlug()).isEqualTo("confirmation-mismatch");
    assertThat(wrongPhrase.json().path("expected_confirmation").asString())
        .isEqualTo("move my data to the EU");
    Response noToken = declare(user, "eu", null, "move my data to the EU");
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.problemSlug()).isEqualTo("reauth-required");
    assertThat(rows(Region.US, user.id()).get("residency_changes")).isZero();

    Response accepted = declare(user, "eu", reauth, "  Move my data to the EU ");
    assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
    assertThat(accepted.json().path("data_residency").asString()).isEqualTo("eu");
    assertThat(accepted.json().path("source").asString()).isEqualTo("user_declared");
    assertThat(accepted.json().path("moving").asBoolean()).isTrue();
    assertThat(declare(user, "eu", reauth, "move my data to the EU").status())
        .as("a re-auth token is spent once")
        .isEqualTo(403);

    String listen =
        json(
            "{'events': [{'type': 'listen_30s', 'idempotency_key': 'k-%s', 'occurred_at': '"
                + Instant.now().minusSeconds(5)
                + "', 'properties': {'entity_type': 'artist', 'entity_id': '"
                + UUID.randomUUID()
                + "'}}]}");
    Response during = api.post("/events", user.token(), listen.formatted("during"));
    assertThat(during.status()).as("no write lands where the move will delete it").isEqualTo(503);
    assertThat(during.problemSlug()).isEqualTo("residency-in-transit");
    assertThat(during.header("Retry-After")).contains("5");

    Map<String, Long> before = rows(Region.US, user.id());
    assertThat(mover.move(user.id())).isEqualTo(ResidencyMover.Outcome.MOVED);

    Map<String, Long> expected = new LinkedHashMap<>(before);
    expected.put("entity_vectors", 0L); // computed again by the EU, with the EU model
    // the waiting taste recompute moved too, and stands for the one the move asks of the EU
    assertThat(rows(Region.EU, user.id())).isEqualTo(expected);
    assertThat(rows(Region.US, user.id())).isEqualTo(nothing(before));
    assertThat(
            regions
                .database(Region.EU)
                .jdbc()
                .sql(
                    "SELECT old_value || '>' || new_value || ' ' || source || ' ' || actor_id"
                        + " FROM residency_changes WHERE user_id = ?")
                .param(user.id())
                .query(String.class)
                .list())
        .containsExactly("non-eu>eu user_declared " + user.id());

    Response retried = api.post("/events", user.token(), listen.formatted("during"));
    assertThat(retried.status()).as(retried.raw().body()).isBetween(200, 202);
    assertThat(
            count(
                regions.database(Region.EU),
                "SELECT count(*) FROM fact_events WHERE user_id = ?",
                user.id()))
        .isEqualTo(before.get("fact_events") + 1);

    Response after = api.get("/me/residency", user.token());
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().path("moving").asBoolean()).isFalse();
    assertThat(api.get("/me", user.token()).json().path("data_residency").asString())
        .isEqualTo("eu");
    assertThat(mover.move(user.id()))
        .as("a job that runs again finds the move done")
        .isEqualTo(ResidencyMover.Outcome.ALREADY_MOVED);
  }

  @Test
  void aMoveInterruptedAfterItsCopyResumesToExactlyOneCopy() {
    User user = newUser();
    personalData(user, Region.US);
    changes.record(
        user.id(),
        ResidencySource.BILLING,
        DataResidency.EU,
        "billing-system",
        "contract 42",
        null,
        null,
        "test");
    Map<String, Long> before = rows(Region.US, user.id());

    ResidencyMover.Ends ends = mover.ends(user.id()).orElseThrow();
    mover.copy(ends); // ... and the node dies here
    assertThat(rows(Region.EU, user.id()).get("users")).isOne();
    assertThat(rows(Region.US, user.id()).get("users")).isOne();
    String admin = TestUsers.admin(api, regions);
    Response audit = api.get("/admin/residency/audit", admin);
    assertThat(audit.json().path("violations").asLong())
        .as("rows in transit are not misplaced: %s", audit.raw().body())
        .isZero();
    assertThat(audit.json().path("moves_under_way").asLong()).isPositive();

    // a node that had not noticed the change still wrote to the old database (around its guard)
    var us = regions.database(Region.US);
    us.transactions()
        .executeWithoutResult(
            tx -> {
              us.jdbc().sql("SET LOCAL session_replication_role = replica").update();
              us.jdbc()
                  .sql(
                      "INSERT INTO seen_items (user_id, entity_id, last_seen_at) VALUES (?, ?, now())")
                  .params(user.id(), UUID.randomUUID())
                  .update();
            });
    assertThatThrownBy(() -> mover.verify(ends))
        .as("the source is not deleted while the copy lacks a row")
        .hasMessageContaining("1 seen_items");

    assertThat(mover.move(user.id())).isEqualTo(ResidencyMover.Outcome.MOVED);

    Map<String, Long> expected = new LinkedHashMap<>(before);
    expected.put("seen_items", before.get("seen_items") + 1);
    expected.put("entity_vectors", 0L);
    assertThat(rows(Region.EU, user.id())).isEqualTo(expected);
    assertThat(rows(Region.US, user.id())).isEqualTo(nothing(before));
    assertThat(api.get("/admin/residency/audit", admin).json().path("violations").asLong())
        .isZero();
  }

  @Test
  void billingOutranksTheUsersDeclarationAndTheRequestCountryOnlySuggests() {
    User user = newUser();
    String admin = TestUsers.admin(api, regions);
    String signals = "/admin/users/" + user.id() + "/residency-signals";

    Response billing =
        api.put(
            signals,
            admin,
            json("{'source': 'billing', 'data_residency': 'eu', 'evidence': 'contract 7'}"));
    assertThat(billing.status()).as(billing.raw().body()).isEqualTo(202);
    mover.move(user.id());

    Response mine =
        api.send(api.request("/me/residency", user.token()).header("CF-IPCountry", "US").GET());
    assertThat(mine.json().path("data_residency").asString()).isEqualTo("eu");
    assertThat(mine.json().path("source").asString()).isEqualTo("billing");
    assertThat(mine.json().path("suggestion").path("residency").asString()).isEqualTo("non-eu");
    assertThat(mine.json().path("suggestion").path("country").asString()).isEqualTo("US");

    Response declared = declare(user, "non-eu", reauth(user), "move my data out of the EU");
    assertThat(declared.status()).isEqualTo(409);
    assertThat(declared.problemSlug()).isEqualTo("residency-set-by-billing");

    Response unknown =
        api.put(signals, admin, json("{'source': 'astrology', 'data_residency': 'non-eu'}"));
    assertThat(unknown.status()).as("an unknown source is a bad request").isEqualTo(400);
    assertThat(unknown.json().path("detail").asString()).contains("'source'");

    Response ip =
        api.put(signals, admin, json("{'source': 'ip_suggested', 'data_residency': 'non-eu'}"));
    assertThat(ip.status()).isEqualTo(400);
    assertThat(ip.problemSlug()).isEqualTo("invalid-residency-source");

    Response kyc = api.put(signals, admin, json("{'source': 'kyc', 'data_residency': 'non-eu'}"));
    assertThat(kyc.status()).as("kyc is recorded but ranks below billing").isEqualTo(200);
    assertThat(kyc.json().path("data_residency").asString()).isEqualTo("eu");
    assertThat(kyc.json().path("signals").size()).isEqualTo(2);
    assertThat(api.put(signals, TestUsers.user(api), json("{}")).status()).isEqualTo(403);
  }

  @Test
  void anAdminOverrideNeedsAnExecutedTwoApproverOverrideAndEndsWhenItExpires() {
    User user = newUser();
    String admin = TestUsers.admin(api, regions);
    String path = "/admin/users/" + user.id() + "/residency-override";

    Response unapproved =
        api.post(
            path,
            admin,
            json(
                "{'data_residency': 'eu', 'override_id': '"
                    + UUID.randomUUID()
                    + "', 'reason': 'legal hold'}"));
    assertThat(unapproved.status()).isEqualTo(403);
    assertThat(unapproved.problemSlug()).isEqualTo("override-not-executed");
    UUID otherUsers = TestOverrides.executed(regions, "residency", UUID.randomUUID());
    assertThat(
            api.post(
                    path,
                    admin,
                    json(
                        "{'data_residency': 'eu', 'override_id': '"
                            + otherUsers
                            + "', 'reason': 'legal hold'}"))
                .status())
        .as("an override covers only the users it names")
        .isEqualTo(403);

    UUID override = TestOverrides.executed(regions, "residency", user.id());
    Response applied =
        api.post(
            path,
            admin,
            json(
                "{'data_residency': 'eu', 'override_id': '"
                    + override
                    + "', 'reason': 'legal hold'}"));
    assertThat(applied.status()).as(applied.raw().body()).isEqualTo(202);
    assertThat(applied.json().path("source").asString()).isEqualTo("admin_override");
    mover.move(user.id());

    regions
        .database(Region.EU)
        .jdbc()
        .sql(
            "UPDATE residency_signals SET expires_at = now() - interval '1 second' WHERE user_id = ?")
        .param(user.id())
        .update();
    assertThat(changes.expireOverrides(Region.EU)).isPositive();
    mover.move(user.id());

    Response back = api.get("/me/residency", user.token());
    assertThat(back.json().path("data_residency").asString()).isEqualTo("non-eu");
    assertThat(back.json().path("source").asString()).isEqualTo("default");
    assertThat(rows(Region.EU, user.id()).get("users")).isZero();
    assertThat(
            regions
                .database(Region.US)
                .jdbc()
                .sql("SELECT source FROM residency_changes WHERE user_id = ? ORDER BY created_at")
                .param(user.id())
                .query(String.class)
                .list())
        .containsExactly("admin_override", "default");
  }

  @Test
  void everyStoredVectorOfAMixedPopulationWasMadeInItsOwnersRegionAlsoAfterMoves() {
    var population = new java.util.ArrayList<fm.seda.accounts.Account>();
    for (Region region : Region.values()) {
      for (int i = 0; i < 3; i++) {
        var user = world.user(region);
        world.chooseGenres(user, "deep house", "techno", "jazz");
        population.add(user);
      }
    }
    // one of each moves to the other region; its taste is computed again there (the job the move
    // queues, run here by hand)
    for (Region from : Region.values()) {
      var mover = population.stream().filter(a -> a.dataResidency().region() == from).findFirst();
      DataResidency to = from == Region.EU ? DataResidency.NON_EU : DataResidency.EU;
      changes.record(
          mover.orElseThrow().id(), ResidencySource.BILLING, to, "billing", null, null, null, "t");
      this.mover.move(mover.orElseThrow().id());
      tastes.recompute(mover.orElseThrow().id(), to);
    }

    UUID[] ids = population.stream().map(a -> a.id()).toArray(UUID[]::new);
    var seen = new java.util.HashSet<UUID>();
    for (RegionalDatabase db : regions.all()) {
      var rows =
          db.jdbc()
              .sql(
                  "SELECT v.owner_user_id, v.embedding_meta->>'region', u.data_residency"
                      + " FROM entity_vectors v LEFT JOIN users u ON u.id = v.owner_user_id"
                      + " WHERE v.owner_user_id = ANY(?) AND v.deleted_at IS NULL")
              .param(ids)
              .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
              .list();
      for (String[] row : rows) {
        assertThat(row[2]).as("the owner lives in this database").isNotNull();
        assertThat(DataResidency.fromCode(row[2]).region().code())
            .as("embedding_meta.region of %s", row[0])
            .isEqualTo(row[1])
            .isEqualTo(db.region().code());
        assertThat(seen.add(UUID.fromString(row[0]))).as("one vector per user").isTrue();
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(ids);
  }
}
