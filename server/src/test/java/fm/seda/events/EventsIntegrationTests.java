package fm.seda.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.events.internal.EventRetention;
import fm.seda.events.internal.EventsProperties;
import fm.seda.jobs.Job;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import fm.seda.testing.Tokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SedaIntegrationTest
class EventsIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired Accounts accounts;
  @Autowired EventRetention retention;
  @Autowired Events events;
  @Autowired ConfigurableApplicationContext context;
  Api api;

  /**
   * Collects {@link FeedbackRecorded} on the shared test server: registered on the running context
   * rather than declared as a bean, so this class does not start a second server (a context of its
   * own) just for a listener. It also notes whether the batch was visible to another connection
   * when the event arrived, i.e. committed.
   */
  final List<FeedbackRecorded> recorded = new CopyOnWriteArrayList<>();

  final List<Long> rowsVisibleAtPublication = new CopyOnWriteArrayList<>();
  ApplicationListener<ApplicationEvent> listener;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    listener =
        event -> {
          if (event instanceof PayloadApplicationEvent<?> payload
              && payload.getPayload() instanceof FeedbackRecorded fr) {
            recorded.add(fr);
            rowsVisibleAtPublication.add(
                countThroughFreshConnection(
                    regions.forResidency(fr.residency()),
                    "SELECT count(*) FROM fact_events WHERE user_id = '" + fr.userId() + "'"));
          }
        };
    context.addApplicationListener(listener);
  }

  @AfterEach
  void removeListener() {
    context.removeApplicationListener(listener);
  }

  // ---------------------------------------------------------------- ingestion and idempotency

  @Test
  void anAcknowledgedBatchIsCommittedAndReadableThroughAFreshConnection() {
    User user = newUser();
    UUID room = UUID.randomUUID();
    String rec = UUID.randomUUID().toString();
    Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

    var response =
        post(
            user,
            event("rec_impression", "k1", at, item("room", room), "recommendation_id", rec),
            event("rec_click", "k2", at, item("room", room), "recommendation_id", rec),
            event("join_room", "k3", at, item("room", room)));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("accepted").asInt()).isEqualTo(3);
    assertThat(response.json().get("duplicates").asInt()).isZero();
    var rows =
        queryThroughFreshConnection(
            regions.forResidency(user.account.dataResidency()),
            "SELECT event_type, idempotency_key, occurred_at, properties->>'entity_id',"
                + " properties->>'surface' FROM fact_events WHERE user_id = '"
                + user.account.id()
                + "' ORDER BY idempotency_key");
    assertThat(rows)
        .containsExactly(
            List.of("rec_impression", "k1", at.toString(), room.toString(), "home"),
            List.of("rec_click", "k2", at.toString(), room.toString(), "home"),
            List.of("join_room", "k3", at.toString(), room.toString(), "null"));
  }

  @Test
  void aReplayedBatchCountsOnlyDuplicatesAndLeavesTheSummaryAlone() {
    User user = newUser();
    UUID artist = UUID.randomUUID();
    Instant at = Instant.now().minusSeconds(300);
    Map<String, Object>[] batch =
        events(
            event("listen_30s", "a", at, item("artist", artist)),
            event("listen_30s", "b", at.plusSeconds(40), item("artist", artist)));

    var first = post(user, batch);
    var replay = post(user, batch);
    var overlapping =
        post(user, batch[0], batch[1], event("listen_30s", "c", at, item("artist", artist)));

    assertThat(first.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(replay.json().get("accepted").asInt()).isZero();
    assertThat(replay.json().get("duplicates").asInt()).isEqualTo(2);
    assertThat(overlapping.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(overlapping.json().get("duplicates").asInt()).isEqualTo(2);
    assertThat(storedEvents(user)).isEqualTo(3);
    JsonNode listens = summary(user).get("listens").get(artist.toString());
    assertThat(listens.get("count").asInt())
        .as("two listens, then one, never the replays")
        .isEqualTo(3);
  }

  @Test
  void anEuUsersEventsAreStoredOnlyInTheEuDatabase() {
    Account eu = CandidateFixtures.of(context).user(Region.EU);
    User user = new User(eu, Tokens.valid(authSubject(eu)));

    var response =
        post(user, event("follow_artist", "f", Instant.now(), item("artist", UUID.randomUUID())));

    assertThat(response.status()).isEqualTo(200);
    assertThat(count(regions.database(Region.EU), eu.id())).isEqualTo(1);
    assertThat(count(regions.database(Region.US), eu.id())).isZero();
  }

  // ---------------------------------------------------------------- validation

  @Test
  void invalidBatchesAreRefusedWholeWithAProblemNamingTheRuleAndTheEvent() {
    User user = newUser();
    Instant now = Instant.now();
    var ok = event("join_room", "ok", now, item("room", UUID.randomUUID()));
    List<Case> cases = new ArrayList<>();
    cases.add(new Case(Map.of("events", List.of()), 400, "empty-batch", "no events"));
    cases.add(new Case(Map.of(), 400, "empty-batch", "no events"));
    var tooMany = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 501; i++) {
      tooMany.add(event("join_room", "k" + i, now, item("room", UUID.randomUUID())));
    }
    cases.add(new Case(Map.of("events", tooMany), 413, "batch-too-large", "at most 500"));
    cases.add(
        batch(
            400,
            "unknown-event-type",
            "events[1]: unknown type 'like'; known types: [",
            ok,
            event("like", "x", now, Map.of())));
    cases.add(
        batch(
            400,
            "missing-event-type",
            "events[1]: has no type",
            ok,
            event(null, "x", now, Map.of())));
    cases.add(
        batch(
            400,
            "missing-idempotency-key",
            "events[1]: has no idempotency_key",
            ok,
            event("join_room", " ", now, item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "duplicate-idempotency-key",
            "also used by events[0]",
            ok,
            event("join_room", "ok", now, item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "missing-occurred-at",
            "events[1]: has no occurred_at",
            ok,
            event("join_room", "x", null, item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "future-occurred-at",
            "more than 5 minutes ahead",
            ok,
            event(
                "join_room",
                "x",
                now.plus(Duration.ofMinutes(10)),
                item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "expired-occurred-at",
            "older than the retention window",
            ok,
            event(
                "join_room",
                "x",
                now.minus(Duration.ofDays(401)),
                item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "invalid-entity-type",
            "entity_type 'track' is not one of",
            ok,
            event(
                "listen_30s",
                "x",
                now,
                Map.of("entity_type", "track", "entity_id", UUID.randomUUID().toString()))));
    cases.add(
        batch(
            400,
            "invalid-entity-type",
            "follow_artist is about [artist], not entity_type 'room'",
            ok,
            event("follow_artist", "x", now, item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "invalid-entity-id",
            "entity_id '42' is not a UUID",
            ok,
            event("join_room", "x", now, Map.of("entity_type", "room", "entity_id", "42"))));
    cases.add(
        batch(
            400,
            "missing-property",
            "join_room needs properties.entity_id",
            ok,
            event("join_room", "x", now, Map.of("entity_type", "room"))));
    cases.add(
        batch(
            400,
            "missing-property",
            "rec_click needs properties.recommendation_id",
            ok,
            event("rec_click", "x", now, item("room", UUID.randomUUID()))));
    cases.add(
        batch(
            400,
            "invalid-property",
            "novel must be true or false",
            ok,
            event(
                "rec_impression",
                "x",
                now,
                item("room", UUID.randomUUID()),
                "recommendation_id",
                "r",
                "novel",
                "yes")));
    cases.add(
        batch(
            400,
            "event-too-large",
            "at most 4096",
            ok,
            event(
                "join_room", "x", now, item("room", UUID.randomUUID()), "note", "n".repeat(5000))));
    cases.add(
        new Case(
            Map.of(
                "events",
                List.of(
                    Map.of(
                        "type", "join_room", "idempotency_key", "x", "occurred_at", "yesterday"))),
            400,
            "malformed-body",
            "occurred_at"));

    for (Case c : cases) {
      var response = api.post("/events", user.token, JSON.writeValueAsString(c.body));
      assertThat(response.status()).as(c.slug + ": " + response.raw().body()).isEqualTo(c.status);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.problemSlug()).as(response.raw().body()).isEqualTo(c.slug);
      assertThat(response.json().get("detail").asString()).contains(c.detail);
    }
    assertThat(storedEvents(user)).as("not even the valid first events").isZero();

    var unknown =
        api.post(
            "/events",
            user.token,
            JSON.writeValueAsString(Map.of("events", List.of(event("like", "x", now, Map.of())))));
    assertThat(unknown.json().get("index").asInt()).isZero();
    assertThat(unknown.json().get("event_type").asString()).isEqualTo("like");
    assertThat(unknown.json().get("known_types").size()).isEqualTo(Events.KNOWN_TYPES.size());
    assertThat(api.post("/events", null, "{\"events\": []}").status()).isEqualTo(401);
  }

  // ---------------------------------------------------------------- activity summary

  @Test
  void listensJoinsFollowsAndSavesUpdateTheActivitySummary() {
    User user = newUser();
    UUID artist = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    UUID room = UUID.randomUUID();
    UUID playlist = UUID.randomUUID();
    Instant t = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    post(
        user,
        event("listen_30s", "l1", t.plusSeconds(60), item("artist", artist)),
        event("listen_30s", "l2", t, item("artist", artist)),
        event("listen_30s", "l3", t, item("playlist", playlist)),
        event("join_room", "j1", t.plusSeconds(120), item("room", room)),
        event("join_room", "j2", t, item("room", room)),
        event("follow_artist", "f1", t, item("artist", artist)),
        event("follow_artist", "f2", t, item("artist", other)),
        event("unfollow_artist", "u1", t.plusSeconds(10), item("artist", artist)),
        event("save_playlist", "s1", t, item("playlist", playlist)));

    JsonNode summary = summary(user);
    assertThat(summary.get("listens").get(artist.toString()).get("count").asInt()).isEqualTo(2);
    assertThat(summary.get("listens").get(artist.toString()).get("last_at").asString())
        .isEqualTo(t.plusSeconds(60).toString());
    assertThat(summary.get("listens").has(playlist.toString()))
        .as("only artist listens are counted")
        .isFalse();
    assertThat(summary.get("room_memberships").get(room.toString()).asString())
        .isEqualTo(t.plusSeconds(120).toString());
    assertThat(strings(summary.get("follows"))).containsExactly(other.toString());
    assertThat(strings(summary.get("saved_playlists"))).containsExactly(playlist.toString());

    // late arrivals: a follow older than the stored unfollow changes nothing, a newer one counts
    post(user, event("follow_artist", "f-late", t.plusSeconds(5), item("artist", artist)));
    assertThat(strings(summary(user).get("follows"))).containsExactly(other.toString());
    post(
        user,
        event("follow_artist", "f-new", t.plusSeconds(30), item("artist", artist)),
        event("unsave_playlist", "us1", t.plusSeconds(30), item("playlist", playlist)),
        event("join_room", "j-old", t.minusSeconds(600), item("room", room)));
    summary = summary(user);
    assertThat(strings(summary.get("follows")))
        .containsExactly(other.toString(), artist.toString());
    assertThat(strings(summary.get("saved_playlists"))).isEmpty();
    assertThat(summary.get("room_memberships").get(room.toString()).asString())
        .as("an older join does not move the last join back")
        .isEqualTo(t.plusSeconds(120).toString());
  }

  // ---------------------------------------------------------------- FeedbackRecorded

  @Test
  void feedbackRecordedIsPublishedAfterCommitForNewEventsOnlyAndTasteIsRecomputed() {
    User user = newUser();
    Instant now = Instant.now();
    var batch =
        events(
            event("listen_30s", "l", now, item("artist", UUID.randomUUID())),
            event(
                "rec_impression",
                "i",
                now,
                item("room", UUID.randomUUID()),
                "recommendation_id",
                "r1"));

    post(user, batch);
    post(user, batch); // a replay: nothing new, nothing to re-rank

    var mine = recorded.stream().filter(r -> r.userId().equals(user.account.id())).toList();
    assertThat(mine).hasSize(1);
    assertThat(mine.getFirst().residency()).isEqualTo(user.account.dataResidency());
    assertThat(mine.getFirst().eventTypes())
        .containsExactlyInAnyOrder("listen_30s", "rec_impression");
    assertThat(rowsVisibleAtPublication.get(recorded.indexOf(mine.getFirst())))
        .as("the batch was committed when the event was published")
        .isEqualTo(2L);
    assertThat(queuedTasteRecomputes(user)).isEqualTo(1);

    User impressionsOnly = newUser();
    post(
        impressionsOnly,
        event(
            "rec_impression", "i", now, item("room", UUID.randomUUID()), "recommendation_id", "r"));
    assertThat(queuedTasteRecomputes(impressionsOnly))
        .as("impressions do not change taste")
        .isZero();
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void metricsPerSurfaceMatchHandComputedRatesOverBothRegions() {
    String surface = "test-" + UUID.randomUUID().toString().substring(0, 8);
    User us = newUser();
    Account euAccount = CandidateFixtures.of(context).user(Region.EU);
    User eu = new User(euAccount, Tokens.valid(authSubject(euAccount)));
    Instant now = Instant.now().minusSeconds(10);
    // US: 4 impressions (2 novel), 2 clicks, 1 listen and 1 skip from a rec, 1 dismiss,
    //     plus a listen without a recommendation id, which does not count
    post(
        us,
        rec("rec_impression", "i1", now, surface, true),
        rec("rec_impression", "i2", now, surface, true),
        rec("rec_impression", "i3", now, surface, false),
        rec("rec_impression", "i4", now, surface, null),
        rec("rec_click", "c1", now, surface, null),
        rec("rec_click", "c2", now, surface, null),
        rec("listen_30s", "l1", now, surface, null),
        rec("track_skip", "s1", now, surface, null),
        rec("rec_dismiss", "d1", now, surface, null),
        event("listen_30s", "l2", now, item("artist", UUID.randomUUID())));
    // EU: 6 impressions (1 novel), 1 click, 1 listen, 1 dismiss undone
    post(
        eu,
        rec("rec_impression", "i1", now, surface, true),
        rec("rec_impression", "i2", now, surface, false),
        rec("rec_impression", "i3", now, surface, false),
        rec("rec_impression", "i4", now, surface, false),
        rec("rec_impression", "i5", now, surface, false),
        rec("rec_impression", "i6", now, surface, false),
        rec("rec_click", "c1", now, surface, null),
        rec("listen_30s", "l1", now, surface, null),
        rec("rec_dismiss_undo", "u1", now, surface, null));
    String admin = TestUsers.admin(api, regions);

    var response =
        api.get(
            "/admin/events/metrics?surface=" + surface + "&since=" + now.minusSeconds(60), admin);

    assertThat(response.status()).isEqualTo(200);
    JsonNode m = response.json().get(0);
    assertThat(m.get("surface").asString()).isEqualTo(surface);
    assertThat(m.get("impressions").asLong()).isEqualTo(10);
    assertThat(m.get("clicks").asLong()).isEqualTo(3);
    assertThat(m.get("listens").asLong()).isEqualTo(2);
    assertThat(m.get("skips").asLong()).isEqualTo(1);
    assertThat(m.get("dismisses").asLong()).isEqualTo(1);
    assertThat(m.get("dismiss_undos").asLong()).isEqualTo(1);
    assertThat(m.get("novel_impressions").asLong()).isEqualTo(3);
    assertThat(m.get("ctr").asDouble()).isEqualTo(0.3);
    assertThat(m.get("listen_rate").asDouble()).isEqualTo(2.0 / 3);
    assertThat(m.get("skip_rate").asDouble()).isEqualTo(1.0 / 3);
    assertThat(m.get("dismiss_rate").asDouble()).isEqualTo(0.1);
    assertThat(m.get("novelty_share").asDouble()).isEqualTo(0.3);

    var later =
        api.get(
            "/admin/events/metrics?surface=" + surface + "&since=" + Instant.now().plusSeconds(1),
            admin);
    assertThat(later.json().get(0).get("impressions").asLong()).isZero();
    assertThat(later.json().get(0).get("ctr").isNull()).as("no impressions, no CTR").isTrue();
    assertThat(api.get("/admin/events/metrics", us.token).status()).isEqualTo(403);
    assertThat(api.get("/admin/events/metrics?since=last-week", admin).problemSlug())
        .isEqualTo("invalid-since");
  }

  @Test
  void impressionsAreRememberedOncePerItemAtTheirLatestTime() {
    User user = newUser();
    UUID room = UUID.randomUUID();
    UUID artist = UUID.randomUUID();
    Instant now = Instant.now();
    Instant longAgo = now.minus(Duration.ofDays(40));
    Instant lately = now.minus(Duration.ofDays(2));
    String rec = UUID.randomUUID().toString();
    var batch =
        events(
            event("rec_impression", "i1", longAgo, item("room", room), "recommendation_id", rec),
            event("rec_impression", "i2", lately, item("room", room), "recommendation_id", rec),
            event(
                "rec_impression", "i3", longAgo, item("artist", artist), "recommendation_id", rec));
    post(user, batch);
    post(user, batch); // a replay
    // an older impression arriving late does not move the item's time back
    post(
        user,
        event(
            "rec_impression",
            "i4",
            longAgo.minusSeconds(60),
            item("room", room),
            "recommendation_id",
            rec));

    var residency = user.account.dataResidency();
    assertThat(events.shownSince(user.account.id(), residency, now.minus(Duration.ofDays(30))))
        .containsExactly(room);
    assertThat(events.shownSince(user.account.id(), residency, now.minus(Duration.ofDays(50))))
        .containsExactlyInAnyOrder(room, artist);
  }

  // ---------------------------------------------------------------- retention

  @Test
  void theRetentionJobDeletesOnlyEventsOlderThanTheWindow() {
    User user = newUser();
    RegionalDatabase db = regions.forResidency(user.account.dataResidency());
    Instant now = Instant.now();
    insertDirectly(db, user, "expired", now.minus(Duration.ofDays(401)));
    insertDirectly(db, user, "just-kept", now.minus(Duration.ofDays(399)));
    insertDirectly(db, user, "recent", now.minus(Duration.ofMinutes(1)));

    UUID oldItem = UUID.randomUUID();
    UUID recentItem = UUID.randomUUID();
    for (var seen : Map.of(oldItem, now.minus(Duration.ofDays(401)), recentItem, now).entrySet()) {
      db.jdbc()
          .sql("INSERT INTO seen_items (user_id, entity_id, last_seen_at) VALUES (?, ?, ?)")
          .params(user.account.id(), seen.getKey(), java.sql.Timestamp.from(seen.getValue()))
          .update();
    }

    retention.run(new Job(UUID.randomUUID(), db.region(), EventRetention.KIND, Map.of(), 0));

    assertThat(
            db.jdbc()
                .sql("SELECT idempotency_key FROM fact_events WHERE user_id = ? ORDER BY 1")
                .param(user.account.id())
                .query(String.class)
                .list())
        .containsExactly("just-kept", "recent");
    assertThat(
            events.shownSince(
                user.account.id(), user.account.dataResidency(), now.minus(Duration.ofDays(500))))
        .as("what was seen goes with the impressions")
        .containsExactly(recentItem);
  }

  @Test
  void aRetentionThatIsNotPositiveIsRefusedAtStartWithTheSettingsName() {
    assertThatThrownBy(() -> new EventsProperties(Duration.ZERO))
        .hasMessageContaining("SEDA_EVENTS_RETENTION")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new EventsProperties(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- fixtures

  record User(Account account, String token) {}

  User newUser() {
    String subject = Tokens.newSubject();
    String token = Tokens.valid(subject);
    api.post("/me", token, null);
    return new User(accounts.require(subject), token);
  }

  String authSubject(Account account) {
    return regions
        .forResidency(account.dataResidency())
        .jdbc()
        .sql("SELECT auth_user_id FROM users WHERE id = ?")
        .param(account.id())
        .query(String.class)
        .single();
  }

  @SafeVarargs
  final Api.Response post(User user, Map<String, Object>... events) {
    return api.post(
        "/events", user.token, JSON.writeValueAsString(Map.of("events", List.of(events))));
  }

  @SafeVarargs
  static Map<String, Object>[] events(Map<String, Object>... events) {
    return events;
  }

  record Case(Object body, int status, String slug, String detail) {}

  @SafeVarargs
  static Case batch(int status, String slug, String detail, Map<String, Object>... events) {
    return new Case(Map.of("events", List.of(events)), status, slug, detail);
  }

  static Map<String, Object> item(String type, UUID id) {
    return Map.of("entity_type", type, "entity_id", id.toString());
  }

  /** An event; {@code extra} are more properties as name, value pairs. */
  static Map<String, Object> event(
      String type, String key, Instant at, Map<String, Object> properties, Object... extra) {
    var props = new LinkedHashMap<String, Object>(properties);
    for (int i = 0; i < extra.length; i += 2) {
      props.put((String) extra[i], extra[i + 1]);
    }
    var event = new HashMap<String, Object>();
    event.put("type", type);
    event.put("idempotency_key", key);
    event.put("occurred_at", at == null ? null : at.toString());
    event.put("properties", props);
    return event;
  }

  static Map<String, Object> rec(
      String type, String key, Instant at, String surface, Boolean novel) {
    var props = new LinkedHashMap<String, Object>(item("room", UUID.randomUUID()));
    props.put("recommendation_id", "rec-" + key);
    props.put("surface", surface);
    if (novel != null) {
      props.put("novel", novel);
    }
    return event(type, key, at, props);
  }

  long storedEvents(User user) {
    return count(regions.forResidency(user.account.dataResidency()), user.account.id());
  }

  static long count(RegionalDatabase db, UUID userId) {
    return db.jdbc()
        .sql("SELECT count(*) FROM fact_events WHERE user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  JsonNode summary(User user) {
    String row =
        regions
            .forResidency(user.account.dataResidency())
            .jdbc()
            .sql(
                "SELECT json_build_object('listens', listens, 'room_memberships', room_memberships,"
                    + " 'follows', follows, 'saved_playlists', saved_playlists)::text"
                    + " FROM user_activity_summary WHERE user_id = ?")
            .param(user.account.id())
            .query(String.class)
            .single();
    return JSON.readTree(row);
  }

  static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  long queuedTasteRecomputes(User user) {
    return regions
        .forResidency(user.account.dataResidency())
        .jdbc()
        .sql("SELECT count(*) FROM jobs WHERE kind = 'recompute-taste' AND payload->>'user_id' = ?")
        .param(user.account.id().toString())
        .query(Long.class)
        .single();
  }

  static void insertDirectly(RegionalDatabase db, User user, String key, Instant at) {
    db.jdbc()
        .sql(
            "INSERT INTO fact_events (user_id, event_type, idempotency_key, occurred_at)"
                + " VALUES (?, 'leave_room', ?, ?)")
        .params(user.account.id(), key, java.sql.Timestamp.from(at))
        .update();
  }

  /** A new JDBC connection of its own, outside the server's pool: sees committed rows only. */
  static Connection freshConnection(RegionalDatabase db) throws SQLException {
    var pool = (HikariDataSource) db.dataSource();
    var props = new Properties();
    props.setProperty("user", pool.getUsername());
    if (pool.getPassword() != null) {
      props.setProperty("password", pool.getPassword());
    }
    return DriverManager.getConnection(pool.getJdbcUrl(), props);
  }

  static List<List<String>> queryThroughFreshConnection(RegionalDatabase db, String sql) {
    try (Connection c = freshConnection(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      var rows = new ArrayList<List<String>>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        var row = new ArrayList<String>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(
              value instanceof java.sql.Timestamp ts
                  ? ts.toInstant().toString()
                  : String.valueOf(value));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long countThroughFreshConnection(RegionalDatabase db, String sql) {
    return Long.parseLong(queryThroughFreshConnection(db, sql).getFirst().getFirst());
  }
}
