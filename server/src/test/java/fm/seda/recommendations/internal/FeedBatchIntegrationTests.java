package fm.seda.recommendations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidates;
import fm.seda.jobs.Job;
import fm.seda.recommendations.Feed;
import fm.seda.recommendations.FeedItem;
import fm.seda.recommendations.FeedModule;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The nightly batch's page path on the real database: a page of users read in bulk, ranked, and
 * stored in one transaction gives each user the feed ranking them alone gives, served as the stored
 * batch feed.
 */
@SedaIntegrationTest
class FeedBatchIntegrationTests {

  static final long SEED = 20261205L;

  @LocalServerPort int port;
  @Autowired FeedService feeds;
  @Autowired FeedStore store;
  @Autowired Candidates candidates;
  @Autowired RegionRouter regions;
  @Autowired ApplicationContext context;
  @Autowired FeedJobs feedJobs;
  CandidateFixtures world;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
  }

  /** A listener of house music with rooms and artists near their own taste. */
  Account listener(SplittableRandom random) {
    float[] theme = world.direction(random);
    UUID first = null;
    for (int i = 0; i < 6; i++) {
      UUID room = world.room("batch-room-" + UUID.randomUUID(), true, "house");
      world.vector("room", room, world.near(theme, 0.3, random), "house");
      UUID artist = world.artist("batch-artist-" + UUID.randomUUID(), "house");
      world.vector("artist", artist, world.near(theme, 0.3, random), "house");
      first = first == null ? artist : first;
    }
    Account account = world.user(Region.US);
    world.chooseGenres(account, "house", "techno", "disco");
    world
        .activity()
        .listened(first, 12, Instant.now().minus(Duration.ofHours(2)))
        .writeFor(account);
    candidates.recomputeTaste(account.id(), account.dataResidency());
    return world.reload(account);
  }

  static List<UUID> entityIds(Feed feed) {
    var ids = new ArrayList<UUID>();
    for (FeedModule module : feed.modules()) {
      module.items().stream().map(FeedItem::entityId).forEach(ids::add);
    }
    return ids;
  }

  static List<String> reasons(Feed feed) {
    var reasons = new ArrayList<String>();
    for (FeedModule module : feed.modules()) {
      module.items().stream().map(FeedItem::reason).forEach(reasons::add);
    }
    return reasons;
  }

  @Test
  void
      aPageRankedInBulkGivesEachUserTheFeedAndReasonsRankingThemAloneGivesAndServesItAsTheBatchFeed()
          throws Exception {
    var random = new SplittableRandom(SEED);
    List<Account> page = List.of(listener(random), listener(random), listener(random));
    List<List<UUID>> alone = new ArrayList<>();
    List<List<String>> reasonsAlone = new ArrayList<>();
    for (Account user : page) {
      Feed feed = feeds.rank(user, "home", "real-time");
      alone.add(entityIds(feed));
      reasonsAlone.add(reasons(feed));
    }
    // the page reads its names and cards once for all its users: the reasons must not notice
    assertThat(reasonsAlone.getFirst())
        .anyMatch(r -> r.startsWith("Because you like batch-artist-"));

    FeedService.PageResult result;
    try (var pool = Executors.newFixedThreadPool(2)) {
      result = feeds.rankPage(page, "home", "batch", pool);
    }

    assertThat(result).isEqualTo(new FeedService.PageResult(3, 0));
    for (int i = 0; i < page.size(); i++) {
      Account user = page.get(i);
      var response = api.get("/feed?surface=home", Tokens.valid(world.authSubject(user)));
      assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
      JsonNode feed = response.json();
      assertThat(feed.get("source").asString()).isEqualTo("batch");
      var served = new ArrayList<UUID>();
      var reasons = new ArrayList<String>();
      feed.get("modules")
          .forEach(
              m ->
                  m.get("items")
                      .forEach(
                          it -> {
                            served.add(UUID.fromString(it.get("entity_id").asString()));
                            reasons.add(it.get("reason").asString());
                          }));
      assertThat(served).as("user %d", i).isEqualTo(alone.get(i));
      assertThat(reasons).as("user %d", i).isEqualTo(reasonsAlone.get(i));
      UUID batchId = UUID.fromString(feed.get("batch_id").asString());
      assertThat(store.batch(regions.database(Region.US), batchId))
          .hasSize(served.size())
          .allSatisfy(row -> assertThat(row.entityId()).isIn(served));
    }
  }

  @Test
  void aPageOfFeedsWithMoreRowsThanOneInsertTakesIsStoredWhole() {
    var db = regions.database(Region.US);
    Instant now = Instant.now();
    var written = new ArrayList<FeedStore.NewFeed>();
    // 50 rows each: the page's rows go to the database in more than one statement
    int users = FeedStore.ROWS_PER_INSERT / 50 + 1;
    for (int u = 0; u < users; u++) {
      var snapshot =
          new Snapshot(
              UUID.randomUUID(),
              "batch",
              now,
              now.plus(Duration.ofHours(1)),
              false,
              new FeedHeader("linear-v1", null, "control"));
      var rows = new ArrayList<FeedStore.NewRow>();
      for (int rank = 0; rank < 50; rank++) {
        var item =
            new FeedItem(
                UUID.randomUUID(),
                "artist",
                UUID.randomUUID(),
                "artist " + rank,
                List.of("house"),
                null,
                rank,
                1.0 - rank / 100.0,
                "Popular in house this week",
                "popularity",
                true,
                fm.seda.recommendations.FriendAvatars.NONE,
                "follow",
                null,
                null);
        rows.add(
            new FeedStore.NewRow(
                item,
                "linear-v1",
                new RowContext(
                    "home",
                    item,
                    java.util.Map.of(),
                    java.util.Map.of(),
                    java.util.Map.of(),
                    1,
                    0,
                    0,
                    List.of("popularity"),
                    java.util.Map.of(),
                    "control")));
      }
      written.add(new FeedStore.NewFeed(world.user(Region.US).id(), snapshot, rows));
    }

    store.saveAll(db, "home", written);

    for (FeedStore.NewFeed feed : written) {
      assertThat(store.batch(db, feed.snapshot().batchId()))
          .extracting(FeedStore.StoredRow::id)
          .containsExactlyElementsOf(
              feed.rows().stream().map(r -> r.item().recommendationId()).toList());
    }
  }

  @Test
  void aFeedThatCannotBeStoredCostsOnlyItsOwnUserNotThePage() throws Exception {
    var random = new SplittableRandom(SEED + 2);
    Account user = listener(random);
    // an account deleted since the page was read: its ranking works, its rows are refused
    Account gone =
        new Account(
            UUID.randomUUID(),
            null,
            user.dataResidency(),
            user.dataResidencySource(),
            user.role(),
            user.preferences(),
            user.privacySettings(),
            0,
            false,
            Instant.now());

    FeedService.PageResult result;
    try (var pool = Executors.newFixedThreadPool(2)) {
      result = feeds.rankPage(List.of(user, gone), "home", "batch", pool);
    }

    assertThat(result).isEqualTo(new FeedService.PageResult(1, 1));
    assertThat(feeds.feed(user, "home").source()).isEqualTo("batch");
  }

  @Test
  void aPagesDismissalsAreReadInBulkAndLeaveTheItemOut() throws Exception {
    var random = new SplittableRandom(SEED + 1);
    Account user = listener(random);
    Account other = listener(random);
    Feed first = feeds.rank(user, "home", "real-time");
    FeedItem dismissed = first.modules().getFirst().items().getFirst();
    var response =
        api.post(
            "/feed/items/" + dismissed.recommendationId() + "/dismiss",
            Tokens.valid(world.authSubject(user)),
            Api.json("{'mode': 'not_interested'}"));
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);

    try (var pool = Executors.newFixedThreadPool(2)) {
      feeds.rankPage(List.of(user, other), "home", "batch", pool);
    }

    Feed batch = feeds.feed(user, "home");
    assertThat(batch.source()).isEqualTo("batch");
    assertThat(entityIds(batch)).isNotEmpty().doesNotContain(dismissed.entityId());
  }

  @Test
  void theNightlyBatchCountsTheFeedsItRanksPerRegion() throws Exception {
    var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
    world.user(Region.EU); // at least one user to rank
    java.util.function.Supplier<Double> counted =
        () -> {
          var counter = meters.find("seda_feed_batch_ranked").tag("region", "eu").counter();
          return counter == null ? 0.0 : counter.count();
        };
    double before = counted.get();
    long live =
        regions
            .database(Region.EU)
            .jdbc()
            .sql("SELECT count(*) FROM users WHERE deleted_at IS NULL")
            .query(Long.class)
            .single();

    runNightlyBatch(Region.EU);

    assertThat(counted.get() - before).isPositive().isLessThanOrEqualTo((double) live);
  }

  @Test
  void theNightlyBatchRanksUsersFromBothEndsOfPostgresqlsIdOrder() throws Exception {
    // PostgreSQL orders uuids by unsigned bytes, Java by signed longs: 00… and ff… are the two
    // ends of the database's order, and 00… is below Java's smallest uuid (8000…)
    var random = new SplittableRandom(SEED + 9);
    Account low =
        world.user(Region.EU, "friends", new UUID(random.nextLong() >>> 8, random.nextLong()));
    Account high =
        world.user(
            Region.EU, "friends", new UUID(-1L << 56 | random.nextLong() >>> 8, random.nextLong()));

    runNightlyBatch(Region.EU);

    for (Account user : List.of(low, high)) {
      assertThat(store.snapshot(regions.database(Region.EU), user.id(), "home"))
          .as("user %s", user.id())
          .hasValueSatisfying(snapshot -> assertThat(snapshot.source()).isEqualTo("batch"));
    }
  }

  /** Runs the nightly job of one region here and now, as the job worker would. */
  void runNightlyBatch(Region region) throws Exception {
    context.getBeansOfType(fm.seda.jobs.JobHandler.class).values().stream()
        .filter(h -> h.kind().equals(FeedJobs.ALL))
        .findFirst()
        .orElseThrow()
        .run(new fm.seda.jobs.Job(UUID.randomUUID(), region, FeedJobs.ALL, java.util.Map.of(), 1));
  }

  @Test
  void aNightlyRunResumedAfterAStopRanksOnlyTheUsersAfterItsSavedPoint() {
    RegionalDatabase db = regions.database(Region.US);
    List<UUID> lastTwo =
        db.jdbc()
            .sql("SELECT id FROM users WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 2")
            .query(UUID.class)
            .list();
    UUID last = lastTwo.getFirst();
    UUID resumeAfter = lastTwo.getLast();
    java.sql.Timestamp before =
        db.jdbc().sql("SELECT clock_timestamp()").query(java.sql.Timestamp.class).single();
    var stored = new ArrayList<UUID>();

    feedJobs.rankAll(db, resumeAfter, stored::add);

    assertThat(stored).as("the pages stored, by their last user").containsExactly(last);
    assertThat(
            db.jdbc()
                .sql(
                    "SELECT count(*) FROM recommendations WHERE source = 'batch' AND created_at >= ?"
                        + " AND user_id <= ?")
                .params(before, resumeAfter)
                .query(Long.class)
                .single())
        .as("batch rows of users at or before the resume point")
        .isZero();
  }

  @Test
  void theNightlyJobResumesFromItsPayloadAndRefusesAMalformedOne() {
    UUID after = UUID.randomUUID();
    var resumed =
        new Job(
            UUID.randomUUID(),
            Region.US,
            FeedJobs.ALL,
            Map.of("progress", Map.of("after", after.toString())),
            2);
    var fresh = new Job(UUID.randomUUID(), Region.US, FeedJobs.ALL, Map.of(), 1);
    var malformed =
        new Job(
            UUID.randomUUID(),
            Region.US,
            FeedJobs.ALL,
            Map.of("progress", Map.of("after", "page 7")),
            2);

    assertThat(FeedJobs.resumePoint(resumed)).isEqualTo(after);
    assertThat(FeedJobs.resumePoint(fresh)).isEqualTo(FeedJobs.BEFORE_EVERY_ID);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedJobs.resumePoint(malformed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed after");
  }
}
