package fm.seda.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidates;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.social.SocialGraph;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import fm.seda.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The feed over HTTP on the real database: modules, provenance and stored rows; each dismissal
 * rule; blocks; undo; why; privacy of hidden friends; diversity of generated feeds.
 */
@SedaIntegrationTest
class FeedIntegrationTests {

  static final long SEED = 20261204L;

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired Candidates candidates;
  @Autowired SocialGraph social;
  @Autowired ApplicationContext context;
  CandidateFixtures world;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
  }

  /** A listener of house music with a taste, a few items near it, and a token. */
  record Listener(Account account, String token, List<UUID> rooms, List<UUID> artists) {}

  /** Each listener's own taste direction (items near it are theirs), from a printed seed. */
  static final java.util.concurrent.atomic.AtomicLong LISTENERS =
      new java.util.concurrent.atomic.AtomicLong();

  Listener listener(Region region) {
    var random = new SplittableRandom(SEED + 1000 * LISTENERS.incrementAndGet());
    float[] theme = world.direction(random);
    var rooms = new ArrayList<UUID>();
    var artists = new ArrayList<UUID>();
    for (int i = 0; i < 6; i++) {
      UUID room =
          world.room("feed-room-" + UUID.randomUUID(), true, i % 2 == 0 ? "house" : "techno");
      world.vector("room", room, world.near(theme, 0.3, random), i % 2 == 0 ? "house" : "techno");
      rooms.add(room);
      UUID artist = world.artist("feed-artist-" + UUID.randomUUID(), "house");
      world.vector("artist", artist, world.near(theme, 0.3, random), "house");
      artists.add(artist);
    }
    Account account = world.user(region);
    world.chooseGenres(account, "house", "techno", "disco");
    world
        .activity()
        .listened(artists.getFirst(), 12, Instant.now().minus(Duration.ofHours(2)))
        .writeFor(account);
    candidates.recomputeTaste(account.id(), account.dataResidency());
    return new Listener(
        world.reload(account), Tokens.valid(world.authSubject(account)), rooms, artists);
  }

  JsonNode feed(String token) {
    var response = api.get("/feed?surface=home", token);
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    return response.json();
  }

  static List<JsonNode> items(JsonNode feed) {
    var items = new ArrayList<JsonNode>();
    for (JsonNode module : feed.get("modules")) {
      module.get("items").forEach(items::add);
    }
    return items;
  }

  static List<String> entityIds(JsonNode feed) {
    return items(feed).stream().map(i -> i.get("entity_id").asString()).toList();
  }

  @Test
  void feedHasModulesWithProvenanceReasonsAndAStoredRowPerItem() {
    Listener user = listener(Region.US);

    JsonNode feed = feed(user.token());

    assertThat(feed.get("fresh").asBoolean()).isTrue();
    assertThat(feed.get("source").asString()).isEqualTo("real-time");
    List<String> keys = new ArrayList<>();
    feed.get("modules").forEach(m -> keys.add(m.get("key").asString()));
    assertThat(keys).containsExactly("rooms", "playlists", "artists", "people");
    JsonNode rooms = feed.get("modules").get(0);
    assertThat(rooms.get("title").asString()).isEqualTo("Recommended Rooms for You");
    assertThat(rooms.get("model_version").asString()).startsWith("linear-v1;variant=");
    assertThat(rooms.get("embedding").get("region").asString()).isEqualTo("us");
    assertThat(rooms.get("items").size()).isPositive();
    for (JsonNode item : items(feed)) {
      assertThat(item.get("reason").asString()).isNotBlank();
      assertThat(item.get("action").asString()).isIn("join", "save", "follow");
      UUID id = UUID.fromString(item.get("recommendation_id").asString());
      var row =
          regions
              .database(Region.US)
              .jdbc()
              .sql(
                  "SELECT user_id, source, batch_id, expires_at > now() FROM recommendations WHERE id = ?")
              .param(id)
              .query(
                  (rs, n) ->
                      List.of(rs.getObject(1), rs.getString(2), rs.getObject(3), rs.getBoolean(4)))
              .single();
      assertThat(row.get(0)).isEqualTo(user.account().id());
      assertThat(row.get(1)).isEqualTo("real-time");
      assertThat(row.get(2).toString()).isEqualTo(feed.get("batch_id").asString());
      assertThat(row.get(3)).isEqualTo(true);
    }
    // the near rooms of the user's taste are recommended
    assertThat(entityIds(feed))
        .containsAnyElementsOf(user.rooms().stream().map(UUID::toString).toList());

    JsonNode again = feed(user.token());
    assertThat(again.get("batch_id").asString())
        .as("served from the cache, not ranked again")
        .isEqualTo(feed.get("batch_id").asString());
  }

  @Test
  void everyModuleOfAGeneratedFeedIsAtLeastThirtyPercentNovelWithoutLongGenreRuns() {
    Listener user = listener(Region.EU);

    JsonNode feed = feed(user.token());

    for (JsonNode module : feed.get("modules")) {
      int size = module.get("items").size();
      int novel = 0;
      var clusters = new ArrayList<String>();
      for (JsonNode item : module.get("items")) {
        novel += item.get("novel").asBoolean() ? 1 : 0;
        clusters.add(item.get("genres").isEmpty() ? "-" : item.get("genres").get(0).asString());
      }
      assertThat(novel)
          .as(module.get("key").asString())
          .isGreaterThanOrEqualTo((int) Math.ceil(0.3 * size - 1e-9));
      // a third item of one genre in a row only when nothing of another genre was left to pick:
      // then every later item is of that genre too
      for (int i = 2; i < clusters.size(); i++) {
        if (clusters.get(i).equals(clusters.get(i - 1))
            && clusters.get(i).equals(clusters.get(i - 2))) {
          assertThat(clusters.subList(i, clusters.size()))
              .as(module.get("key").asString() + " " + clusters)
              .containsOnly(clusters.get(i));
          break;
        }
      }
    }
    assertThat(feed.get("novel_share").asDouble()).isGreaterThanOrEqualTo(0.3);
  }

  @Test
  void hideFor24HoursLeavesTheItemOutOfTheVeryNextFeedAndUndoBringsItBack() {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst();
    String rec = item.get("recommendation_id").asString();
    String entity = item.get("entity_id").asString();

    var dismissed =
        api.post("/feed/items/" + rec + "/dismiss", user.token(), Api.json("{'mode': 'hide_24h'}"));

    assertThat(dismissed.status()).as(dismissed.raw().body()).isEqualTo(200);
    Instant until = Instant.parse(dismissed.json().get("until").asString());
    assertThat(Duration.between(Instant.now(), until).toHours()).isBetween(23L, 24L);
    assertThat(entityIds(feed(user.token()))).doesNotContain(entity);
    assertThat(eventCount(user, "rec_dismiss", rec)).isEqualTo(1);

    var undone = api.post("/feed/items/" + rec + "/undo", user.token(), null);

    assertThat(undone.status()).as(undone.raw().body()).isEqualTo(200);
    assertThat(entityIds(feed(user.token()))).contains(entity);
    assertThat(eventCount(user, "rec_dismiss_undo", rec)).isEqualTo(1);
  }

  @Test
  void aDismissalMadeThroughAnotherNodeLeavesThisNodesCachedFeedAtOnce() throws Exception {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst(); // ranked, and cached on this node
    String entity = item.get("entity_id").asString();
    RegionalDatabase db = regions.forResidency(user.account().dataResidency());

    // what another node does: store the dismissal, then announce the change
    db.jdbc()
        .sql(
            "INSERT INTO dismissals (user_id, recommendation_id, entity_type, entity_id, mode,"
                + " dismissed_at, until) VALUES (?, ?::uuid, ?, ?::uuid, 'not_interested', now(),"
                + " now() + interval '30 days')")
        .params(
            user.account().id(),
            item.get("recommendation_id").asString(),
            item.get("entity_type").asString(),
            entity)
        .update();
    assertThat(entityIds(feed(user.token())))
        .as("still this node's cached copy before the announcement")
        .contains(entity);
    db.jdbc()
        .sql("SELECT pg_notify('seda_feed_evict', ?)")
        .param(user.account().id().toString())
        .query((rs, n) -> 1)
        .list();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (entityIds(feed(user.token())).contains(entity) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(entityIds(feed(user.token()))).doesNotContain(entity);
  }

  @Test
  void hideFor24HoursEndsByItself() {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst();
    String entity = item.get("entity_id").asString();
    api.post(
        "/feed/items/" + item.get("recommendation_id").asString() + "/dismiss",
        user.token(),
        Api.json("{'mode': 'hide_24h'}"));
    assertThat(entityIds(feed(user.token()))).doesNotContain(entity);

    sql(user, "UPDATE dismissals SET until = now() - interval '1 second' WHERE user_id = ?");
    evictCache(user);

    assertThat(entityIds(feed(user.token()))).contains(entity);
  }

  @Test
  void notInterestedAvoidsTheItemForThirtyDaysEvenWhenTheFeedIsRankedAgain() {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst();
    String entity = item.get("entity_id").asString();

    var dismissed =
        api.post(
            "/feed/items/" + item.get("recommendation_id").asString() + "/dismiss",
            user.token(),
            Api.json("{'mode': 'not_interested'}"));

    Instant until = Instant.parse(dismissed.json().get("until").asString());
    assertThat(Duration.between(Instant.now(), until).toDays()).isBetween(29L, 30L);
    context.getBean(Recommendations.class).rank(user.account(), "real-time");
    assertThat(entityIds(feed(user.token()))).doesNotContain(entity);
  }

  @Test
  void neverLastsUntilTheUserRemovesTheBlock() {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst();
    String type = item.get("entity_type").asString();
    String entity = item.get("entity_id").asString();
    api.post(
        "/feed/items/" + item.get("recommendation_id").asString() + "/dismiss",
        user.token(),
        Api.json("{'mode': 'never'}"));
    sql(user, "UPDATE dismissals SET dismissed_at = now() - interval '400 days' WHERE user_id = ?");
    context.getBean(Recommendations.class).rank(user.account(), "real-time");

    assertThat(entityIds(feed(user.token()))).doesNotContain(entity);
    JsonNode blocks = api.get("/me/blocks", user.token()).json();
    assertThat(blocks.size()).isEqualTo(1);
    assertThat(blocks.get(0).get("entity_id").asString()).isEqualTo(entity);
    assertThat(blocks.get(0).get("name").asString()).isEqualTo(item.get("name").asString());

    var removed = api.send(api.request("/me/blocks/" + type + "/" + entity, user.token()).DELETE());

    assertThat(removed.status()).isEqualTo(204);
    assertThat(api.get("/me/blocks", user.token()).json().size()).isZero();
    var again = api.send(api.request("/me/blocks/" + type + "/" + entity, user.token()).DELETE());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.problemSlug()).isEqualTo("block-not-found");
  }

  @Test
  void undoAfterTenSecondsIsRefusedAndSaysWhatToDoInstead() {
    Listener user = listener(Region.US);
    JsonNode item = items(feed(user.token())).getFirst();
    String rec = item.get("recommendation_id").asString();
    api.post("/feed/items/" + rec + "/dismiss", user.token(), Api.json("{'mode': 'never'}"));
    sql(
        user,
        "UPDATE dismissals SET dismissed_at = now() - interval '11 seconds' WHERE user_id = ?");

    var late = api.post("/feed/items/" + rec + "/undo", user.token(), null);

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problemSlug()).isEqualTo("undo-window-passed");
    assertThat(late.json().get("detail").asString()).contains("DELETE /me/blocks/");
  }

  @Test
  void badDismissalsAreRefusedClearly() {
    Listener user = listener(Region.US);
    Listener other = listener(Region.US);
    String rec = items(feed(user.token())).getFirst().get("recommendation_id").asString();

    var badMode =
        api.post("/feed/items/" + rec + "/dismiss", user.token(), Api.json("{'mode': 'forever'}"));
    assertThat(badMode.status()).isEqualTo(400);
    assertThat(badMode.problemSlug()).isEqualTo("invalid-dismiss-mode");
    assertThat(badMode.json().get("detail").asString()).contains("hide_24h, not_interested, never");

    var notYours =
        api.post("/feed/items/" + rec + "/dismiss", other.token(), Api.json("{'mode': 'never'}"));
    assertThat(notYours.status()).isEqualTo(404);
    assertThat(notYours.problemSlug()).isEqualTo("recommendation-not-found");

    var nothing = api.post("/feed/items/" + rec + "/undo", user.token(), null);
    assertThat(nothing.status()).isEqualTo(404);
    assertThat(nothing.problemSlug()).isEqualTo("nothing-to-undo");

    var surface = api.get("/feed?surface=search", user.token());
    assertThat(surface.status()).isEqualTo(400);
    assertThat(surface.problemSlug()).isEqualTo("unknown-surface");
  }

  @Test
  void whyShowsTheBreakdownAndTheReasonNamesTheLargestContribution() {
    Listener user = listener(Region.US);

    for (JsonNode item : items(feed(user.token()))) {
      var response =
          api.get(
              "/recommendations/" + item.get("recommendation_id").asString() + "/why",
              user.token());
      assertThat(response.status()).isEqualTo(200);
      JsonNode why = response.json();
      JsonNode contributions = why.get("contributions");
      String largest = null;
      double sum = 0;
      for (String signal : new String[] {"content", "collaborative", "social", "popularity"}) {
        double c = contributions.get(signal).asDouble();
        assertThat(c)
            .isCloseTo(
                why.get("weights").get(signal).asDouble()
                    * why.get("signals").get(signal).asDouble(),
                within(1e-9));
        sum += c;
        if (largest == null || c > contributions.get(largest).asDouble()) {
          largest = signal;
        }
      }
      assertThat(why.get("reason_kind").asString()).isEqualTo(largest);
      assertThat(item.get("reason_kind").asString()).isEqualTo(largest);
      assertThat(why.get("score").asDouble())
          .isCloseTo(sum * why.get("modifier").asDouble(), within(1e-9));
      assertThat(why.get("reason").asString()).isEqualTo(item.get("reason").asString());
    }
    var other = listener(Region.US);
    String rec = items(feed(user.token())).getFirst().get("recommendation_id").asString();
    assertThat(api.get("/recommendations/" + rec + "/why", other.token()).status()).isEqualTo(404);
  }

  @Test
  void friendsWhoHidePresenceAreCountedButNeverNamed() {
    var random = new SplittableRandom(SEED + 1);
    UUID room = world.room("feed-friends-room-" + UUID.randomUUID(), true, "afrobeat");
    world.vector("room", room, world.direction(random), "afrobeat");
    Account user = world.user(Region.US);
    Account visible = world.user(Region.US);
    Account hidden = world.user(Region.US, "hidden");
    Account hidden2 = world.user(Region.EU, "hidden");
    world.friends(user, visible);
    world.friends(user, hidden);
    world.friends(user, hidden2);
    social.enterRoom(visible.id(), visible.dataResidency(), room);
    social.enterRoom(hidden.id(), hidden.dataResidency(), room);
    social.enterRoom(hidden2.id(), hidden2.dataResidency(), room);
    String token = Tokens.valid(world.authSubject(user));

    var response = api.get("/feed", token);

    String body = response.raw().body();
    assertThat(body).doesNotContain(hidden.id().toString(), hidden2.id().toString());
    JsonNode card =
        items(response.json()).stream()
            .filter(i -> i.get("entity_id").asString().equals(room.toString()))
            .findFirst()
            .orElseThrow();
    JsonNode friends = card.get("friends");
    assertThat(friends.get("count").asInt()).isEqualTo(3);
    assertThat(friends.get("shown").size()).isEqualTo(1);
    assertThat(friends.get("shown").get(0).get("user_id").asString())
        .isEqualTo(visible.id().toString());
    assertThat(friends.get("overflow").asInt()).isEqualTo(2);
    assertThat(friends.get("count_only").asBoolean()).isTrue();
    if (card.get("reason_kind").asString().equals("social")) {
      assertThat(card.get("reason").asString())
          .isEqualTo("3 of your friends are in #afrobeat right now");
    }
    String why =
        api.get("/recommendations/" + card.get("recommendation_id").asString() + "/why", token)
            .raw()
            .body();
    assertThat(why).doesNotContain(hidden.id().toString(), hidden2.id().toString());
  }

  @Test
  void aNewEventThatChangesTasteMakesTheNextFeedRankAgain() throws Exception {
    Listener user = listener(Region.US);
    String before = feed(user.token()).get("batch_id").asString();

    var posted =
        api.post(
            "/events",
            user.token(),
            Api.json(
                "{'events': [{'type': 'join_room', 'idempotency_key': 'join-1', 'occurred_at': '"
                    + Instant.now()
                    + "', 'properties': {'entity_type': 'room', 'entity_id': '"
                    + user.rooms().get(1)
                    + "'}}]}"));
    assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);

    var job =
        regions
            .database(Region.US)
            .jdbc()
            .sql(
                "SELECT id, kind, payload::text FROM jobs WHERE kind = 'rank-feed'"
                    + " AND payload->>'user_id' = ? AND status = 'queued'")
            .param(user.account().id().toString())
            .query(
                (rs, n) ->
                    new fm.seda.jobs.Job(
                        rs.getObject(1, UUID.class),
                        Region.US,
                        rs.getString(2),
                        java.util.Map.of("user_id", user.account().id().toString()),
                        0))
            .single();
    // the queued re-rank, run as a job worker would run it, stores a fresh feed
    context.getBeansOfType(fm.seda.jobs.JobHandler.class).values().stream()
        .filter(h -> h.kind().equals("rank-feed"))
        .findFirst()
        .orElseThrow()
        .run(job);
    String ranked =
        regions
            .database(Region.US)
            .jdbc()
            .sql("SELECT batch_id::text FROM feed_snapshots WHERE user_id = ? AND NOT stale")
            .param(user.account().id())
            .query(String.class)
            .single();

    JsonNode after = feed(user.token());
    assertThat(after.get("batch_id").asString()).isNotEqualTo(before).isEqualTo(ranked);
    assertThat(after.get("source").asString()).isEqualTo("real-time");
  }

  @Test
  void choosingOtherGenresMakesTheNextFeedRankAgain() {
    Listener user = listener(Region.US);
    String first = feed(user.token()).get("batch_id").asString();
    assertThat(feed(user.token()).get("batch_id").asString()).isEqualTo(first);

    var chosen =
        api.put("/me/genres", user.token(), Api.json("{'genres': ['techno', 'jazz', 'disco']}"));

    assertThat(chosen.status()).as(chosen.raw().body()).isEqualTo(200);
    assertThat(feed(user.token()).get("batch_id").asString()).isNotEqualTo(first);
  }

  @Test
  void anImpressionAloneDoesNotMakeTheFeedRankAgain() {
    Listener user = listener(Region.US);
    JsonNode feed = feed(user.token());
    JsonNode item = items(feed).getFirst();

    var posted =
        api.post(
            "/events",
            user.token(),
            Api.json(
                "{'events': [{'type': 'rec_impression', 'idempotency_key': 'imp-1', 'occurred_at': '"
                    + Instant.now()
                    + "', 'properties': {'entity_type': '"
                    + item.get("entity_type").asString()
                    + "', 'entity_id': '"
                    + item.get("entity_id").asString()
                    + "', 'recommendation_id': '"
                    + item.get("recommendation_id").asString()
                    + "', 'novel': true}}]}"));
    assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);

    assertThat(feed(user.token()).get("batch_id").asString())
        .isEqualTo(feed.get("batch_id").asString());
  }

  @Test
  void perUserListsAreValidatedAndOnlyAdminsReadOthers() {
    Listener user = listener(Region.US);
    Listener other = listener(Region.US);
    String self = "/recommendations/" + user.account().id();

    var mine = api.get(self + "?count=5&entity_type=room,artist", user.token());
    assertThat(mine.status()).as(mine.raw().body()).isEqualTo(200);
    JsonNode items = mine.json().get("items");
    assertThat(items.size()).isBetween(1, 5);
    double previous = Double.MAX_VALUE;
    for (JsonNode item : items) {
      assertThat(item.get("entity_type").asString()).isIn("room", "artist");
      assertThat(item.get("score").asDouble()).isLessThanOrEqualTo(previous);
      previous = item.get("score").asDouble();
    }
    assertThat(api.get(self + "?count=0", user.token()).problemSlug()).isEqualTo("invalid-count");
    assertThat(api.get(self + "?count=51", user.token()).problemSlug()).isEqualTo("invalid-count");
    assertThat(api.get(self + "?entity_type=track", user.token()).problemSlug())
        .isEqualTo("unknown-entity-type");
    assertThat(api.get(self + "?genre=notagenre", user.token()).problemSlug())
        .isEqualTo("unknown-genre");
    var foreign = api.get(self, other.token());
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.problemSlug()).isEqualTo("admin-only");

    String admin = TestUsers.admin(api, regions);
    assertThat(api.get(self + "?count=3", admin).status()).isEqualTo(200);
    UUID nobody = UUID.randomUUID();
    var batch =
        api.post(
            "/recommendations/batch",
            admin,
            Api.json(
                "{'user_ids': ['"
                    + user.account().id()
                    + "', '"
                    + other.account().id()
                    + "', '"
                    + nobody
                    + "'], 'count': 3}"));
    assertThat(batch.status()).as(batch.raw().body()).isEqualTo(200);
    assertThat(batch.json().get("results").size()).isEqualTo(2);
    assertThat(batch.json().get("missing").get(0).asString()).isEqualTo(nobody.toString());
    assertThat(
            api.post("/recommendations/batch", user.token(), Api.json("{'user_ids': []}")).status())
        .isEqualTo(403);
    assertThat(
            api.post("/recommendations/batch", admin, Api.json("{'user_ids': []}")).problemSlug())
        .isEqualTo("invalid-batch");
  }

  @Test
  void similarItemsAreTheNearestByEmbeddingAndLeaveOutTheItemAndBlockedOnes() {
    Listener user = listener(Region.US);
    var random = new SplittableRandom(SEED + 2);
    float[] theme = world.direction(random);
    UUID seed = world.artist("similar-seed-" + UUID.randomUUID(), "fado");
    UUID twin = world.artist("similar-twin-" + UUID.randomUUID(), "fado");
    UUID far = world.artist("similar-far-" + UUID.randomUUID(), "fado");
    world.vector("artist", seed, theme, "fado");
    world.vector("artist", twin, world.near(theme, 0.05, random), "fado");
    world.vector("artist", far, world.orthogonal(random, theme), "fado");

    var response =
        api.get(
            "/recommendations/"
                + user.account().id()
                + "/similar/artist/"
                + seed
                + "?count=5&entity_type=artist",
            user.token());

    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    JsonNode items = response.json().get("items");
    assertThat(items.get(0).get("entity_id").asString()).isEqualTo(twin.toString());
    assertThat(items.get(0).get("sources").get(0).asString()).isEqualTo("content");
    for (JsonNode item : items) {
      assertThat(item.get("entity_id").asString()).isNotEqualTo(seed.toString());
    }
    var missing =
        api.get(
            "/recommendations/" + user.account().id() + "/similar/artist/" + UUID.randomUUID(),
            user.token());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.problemSlug()).isEqualTo("item-not-found");
  }

  @Test
  void expiredRecommendationRowsArePurgedAfterTheRetentionAndCurrentOnesKept() throws Exception {
    Listener user = listener(Region.US);
    String current = items(feed(user.token())).getFirst().get("recommendation_id").asString();
    UUID old = UUID.randomUUID();
    sql(
        user,
        "INSERT INTO recommendations (id, user_id, entity_type, entity_id, score, model_version,"
            + " source, expires_at) SELECT '"
            + old
            + "', id, 'room', gen_random_uuid(), 0.5, 'test', 'batch', now() - interval '8 days'"
            + " FROM users WHERE id = ?");
    fm.seda.jobs.JobHandler purge =
        context.getBeansOfType(fm.seda.jobs.JobHandler.class).values().stream()
            .filter(h -> h.kind().equals("purge-expired-recommendations"))
            .findFirst()
            .orElseThrow();

    purge.run(
        new fm.seda.jobs.Job(UUID.randomUUID(), Region.US, purge.kind(), java.util.Map.of(), 0));

    var db = regions.database(Region.US).jdbc();
    String exists = "SELECT count(*) FROM recommendations WHERE id = ?::uuid";
    assertThat(db.sql(exists).param(old.toString()).query(Long.class).single()).isZero();
    assertThat(db.sql(exists).param(current).query(Long.class).single()).isEqualTo(1);
  }

  private long eventCount(Listener user, String type, String recommendationId) {
    return regions
        .forResidency(user.account().dataResidency())
        .jdbc()
        .sql(
            "SELECT count(*) FROM fact_events WHERE user_id = ? AND event_type = ?"
                + " AND properties->>'recommendation_id' = ?")
        .params(user.account().id(), type, recommendationId)
        .query(Long.class)
        .single();
  }

  private void sql(Listener user, String statement) {
    regions
        .forResidency(user.account().dataResidency())
        .jdbc()
        .sql(statement)
        .param(user.account().id())
        .update();
  }

  private void evictCache(Listener user) {
    context
        .getBean(fm.seda.recommendations.internal.FeedService.class)
        .evict(user.account().id(), user.account().dataResidency());
  }
}
