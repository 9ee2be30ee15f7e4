package fm.seda.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fm.seda.accounts.Account;
import fm.seda.engine.taste.TasteVectorCalculator;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.social.SocialGraph;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.StoredVectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Each source on a small hand-built world with a known answer, and the merged candidates' features.
 * The server (and its database) is shared with other test classes, so assertions are about the
 * fixture's own items and their order, never about "nothing else exists".
 */
@SedaIntegrationTest
class CandidatesIntegrationTests {

  static final long SEED = 20261203L;

  @Autowired Candidates candidates;
  @Autowired SocialGraph social;
  @Autowired RegionRouter regions;
  @Autowired StoredVectors vectors;
  @Autowired ApplicationContext context;
  CandidateFixtures world;

  @BeforeEach
  void world() {
    world = CandidateFixtures.of(context);
  }

  static CandidateRequest only(String type, int perSource) {
    return new CandidateRequest(Set.of(type), perSource, Set.of(), Set.of());
  }

  static Candidate find(List<Candidate> found, UUID id) {
    return found.stream().filter(c -> c.entityId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void contentProposesTheItemsNearestTheTasteAndNeverWhatTheUserFollows() {
    var random = new SplittableRandom(SEED);
    float[] theme = world.direction(random);
    UUID followed = world.artist("content-followed-" + random.nextInt(), "techno");
    UUID close = world.artist("content-close-" + random.nextInt(), "techno");
    UUID farther = world.artist("content-farther-" + random.nextInt(), "zouk");
    UUID unrelated = world.artist("content-unrelated-" + random.nextInt(), "techno");
    world.vector("artist", followed, theme, "techno");
    float[] closeVector = world.near(theme, 0.2, random);
    world.vector("artist", close, closeVector, "techno");
    world.vector("artist", farther, world.near(theme, 0.8, random), "zouk");
    world.vector("artist", unrelated, world.orthogonal(random, theme), "techno");
    Account user = world.user(Region.US);
    world.activity().follows(followed).writeFor(user);
    candidates.recomputeTaste(user.id(), user.dataResidency());

    List<Candidate> found = candidates.generate(user, only("artist", 2));
    List<UUID> content =
        found.stream()
            .filter(c -> c.sources().contains(CandidateSource.CONTENT))
            .sorted(
                (a, b) ->
                    Double.compare(
                        b.sourceScores().get(CandidateSource.CONTENT),
                        a.sourceScores().get(CandidateSource.CONTENT)))
            .map(Candidate::entityId)
            .toList();

    assertThat(content).containsExactly(close, farther);
    assertThat(find(found, close).features().embeddingSimilarity())
        .isCloseTo(TasteVectorCalculator.cosine(theme, closeVector), within(1e-3));
  }

  @Test
  void contentAppliesTheGenreFilterBeforeTheNearestNeighbourStep() {
    var random = new SplittableRandom(SEED + 1);
    float[] theme = world.direction(random);
    UUID seed = world.artist("filter-seed-" + random.nextInt(), "techno");
    UUID nearButTechno = world.artist("filter-near-" + random.nextInt(), "techno");
    UUID fartherButZouk = world.artist("filter-zouk-" + random.nextInt(), "zouk");
    world.vector("artist", seed, theme, "techno");
    world.vector("artist", nearButTechno, world.near(theme, 0.1, random), "techno");
    world.vector("artist", fartherButZouk, world.near(theme, 0.6, random), "zouk");
    Account user = world.user(Region.US);
    world.activity().follows(seed).writeFor(user);
    candidates.recomputeTaste(user.id(), user.dataResidency());

    var zoukOnly = new CandidateRequest(Set.of("artist"), 5, Set.of("zouk"), Set.of());
    List<Candidate> found = candidates.generate(user, zoukOnly);

    assertThat(found)
        .filteredOn(c -> c.sources().contains(CandidateSource.CONTENT))
        .allMatch(c -> c.genres().contains("zouk"))
        .extracting(Candidate::entityId)
        .contains(fartherButZouk)
        .doesNotContain(nearButTechno);
  }

  @Test
  void socialProposesRoomsWithFriendsInThemNowCountingHiddenFriendsWithoutNamingThem() {
    Account me = world.user(Region.US);
    Account visible = world.user(Region.EU);
    Account hidden = world.user(Region.US, "hidden");
    Account joiner = world.user(Region.US);
    world.friends(me, visible);
    world.friends(me, hidden);
    world.friends(me, joiner);
    UUID busy = world.room("social-busy", true, "fado");
    UUID recent = world.room("social-recent", false, "fado");
    social.enterRoom(visible.id(), visible.dataResidency(), busy);
    social.enterRoom(hidden.id(), hidden.dataResidency(), busy);
    world.activity().joined(recent, Instant.now().minus(Duration.ofDays(1))).writeFor(joiner);

    List<Candidate> found = candidates.generate(me, only("room", 10));

    Candidate busyRoom = find(found, busy);
    assertThat(busyRoom.sourceScores().get(CandidateSource.SOCIAL))
        .isCloseTo(1 - Math.exp(-2.0), within(1e-9));
    assertThat(busyRoom.features().friendPresenceCount()).isEqualTo(2);
    assertThat(busyRoom.features().friendCount()).isEqualTo(2);
    assertThat(busyRoom.features().namedFriends()).containsExactly(visible.id());
    assertThat(busyRoom.features().recency()).isEqualTo(1.0); // live now
    Candidate recentRoom = find(found, recent);
    assertThat(recentRoom.sourceScores().get(CandidateSource.SOCIAL))
        .isCloseTo(1 - Math.exp(-0.5), within(1e-9));
    assertThat(recentRoom.features().friendPresenceCount()).isZero();
    assertThat(recentRoom.features().namedFriends()).containsExactly(joiner.id());
  }

  @Test
  void socialProposesFriendsOfFriendsAsPeople() {
    Account me = world.user(Region.US);
    Account friend = world.user(Region.US);
    Account theirFriend = world.user(Region.EU);
    world.friends(me, friend);
    world.friends(friend, theirFriend);

    List<Candidate> found = candidates.generate(me, only("person", 10));

    Candidate person = find(found, theirFriend.id());
    assertThat(person.entityType()).isEqualTo("person");
    assertThat(person.features().friendCount()).isEqualTo(1);
    assertThat(person.features().namedFriends()).isEmpty();
    assertThat(found).extracting(Candidate::entityId).doesNotContain(friend.id(), me.id());
  }

  @Test
  void aPageOfUsersReadInBulkGetsTheCandidatesEachUserGetsAlone() {
    var random = new SplittableRandom(SEED + 7);
    float[] theme = world.direction(random);
    UUID followed = world.artist("page-followed-" + random.nextInt(), "techno");
    UUID near = world.artist("page-near-" + random.nextInt(), "techno");
    world.vector("artist", followed, theme, "techno");
    world.vector("artist", near, world.near(theme, 0.2, random), "techno");
    UUID live = world.room("page-live", true, "techno");
    UUID joined = world.room("page-joined", false, "techno");

    Account fan = world.user(Region.US);
    Account listener = world.user(Region.US);
    Account newcomer = world.user(Region.US); // no signals, no friends, no taste vector yet
    Account present = world.user(Region.EU);
    Account hidden = world.user(Region.US, "hidden");
    Account joiner = world.user(Region.US);
    Account friendOfFriend = world.user(Region.EU);
    world.friends(fan, present);
    world.friends(fan, hidden);
    world.friends(fan, joiner);
    world.friends(listener, joiner);
    world.friends(joiner, friendOfFriend);
    social.enterRoom(present.id(), present.dataResidency(), live);
    social.enterRoom(hidden.id(), hidden.dataResidency(), live);
    world.activity().joined(joined, Instant.now().minus(Duration.ofDays(1))).writeFor(joiner);
    world.activity().follows(followed).listened(near, 3, Instant.now()).writeFor(fan);
    world.activity().listened(followed, 7, Instant.now()).writeFor(listener);
    candidates.recomputeTaste(fan.id(), fan.dataResidency());
    candidates.recomputeTaste(listener.id(), listener.dataResidency());
    var request =
        new CandidateRequest(
            Set.of("artist", "room", "playlist", "person"), 10, Set.of(), Set.of());

    CandidatePage page = candidates.page(List.of(fan, listener, newcomer), 10);

    for (Account user : List.of(fan, listener, newcomer)) {
      CandidateSet alone = candidates.propose(user, request);
      CandidateSet fromPage = page.propose(user, request);
      // recency moves with the clock between the two calls; everything else is the same
      assertThat(fromPage.candidates())
          .usingRecursiveComparison()
          // a page reads every item's vector for the ranker, one user only those it needs
          .ignoringFields("vector")
          .withComparatorForFields(
              (Double a, Double b) -> Math.abs(a - b) < 1e-4 ? 0 : Double.compare(a, b),
              "features.recency")
          .isEqualTo(alone.candidates());
      for (Candidate c : fromPage.candidates()) {
        String type = c.entityType().equals("person") ? "user_taste" : c.entityType();
        var stored = vectors.fetch(Region.US, type, List.of(c.entityId())).get(c.entityId());
        assertThat(c.vector())
            .as("the stored vector of %s %s, carried for the ranker", type, c.entityId())
            .isEqualTo(stored == null ? null : stored.vector());
      }
      assertThat(fromPage.taste()).isEqualTo(alone.taste());
      assertThat(fromPage.strongestArtists()).isEqualTo(alone.strongestArtists());
    }
    // the fan's context came through: friends present now (one hidden), a friend of a friend
    Candidate liveRoom = find(page.propose(fan, request).candidates(), live);
    assertThat(liveRoom.features().friendPresenceCount()).isEqualTo(2);
    assertThat(liveRoom.features().namedFriends()).containsExactly(present.id());
    assertThat(page.propose(fan, request).candidates())
        .extracting(Candidate::entityId)
        .contains(friendOfFriend.id(), near, joined);
  }

  @Test
  void aPagesCollaborativeListsScoredTogetherEqualEachUsersOwnEvenWithTheRequestsExclusions() {
    UUID[] community = listenedTogether(6, (listener, artist) -> 5 + listener + artist);
    candidates.trainCollaborative(Region.US);
    Account follower = world.user(Region.US);
    world
        .activity()
        .follows(community[0])
        .listened(community[1], 4, Instant.now())
        .writeFor(follower);
    Account listener = world.user(Region.US);
    world.activity().listened(community[2], 6, Instant.now()).writeFor(listener);
    // a dismissal: known to the request only, after the page's lists were scored
    var request =
        new CandidateRequest(Set.of("artist"), 3, Set.of(), Set.of(community[3], community[4]));

    CandidatePage page = candidates.page(List.of(follower, listener), 3);

    for (Account user : List.of(follower, listener)) {
      List<Candidate> fromPage = page.propose(user, request).candidates();
      assertThat(fromPage)
          .usingRecursiveComparison()
          .withComparatorForFields(
              (Double a, Double b) -> Math.abs(a - b) < 1e-4 ? 0 : Double.compare(a, b),
              "features.recency")
          .isEqualTo(candidates.propose(user, request).candidates());
      assertThat(fromPage)
          .filteredOn(c -> c.sources().contains(CandidateSource.COLLABORATIVE))
          .hasSize(3)
          .extracting(Candidate::entityId)
          .doesNotContain(community[3], community[4]);
    }
  }

  @Test
  void aPageRefusesUsersOfTwoResidenciesAndRequestsItWasNotReadFor() {
    Account us = world.user(Region.US);
    Account eu = world.user(Region.EU);
    CandidatePage page = candidates.page(List.of(us), 5);

    assertThatThrownBy(() -> candidates.page(List.of(us, eu), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one residency");
    assertThatThrownBy(() -> page.propose(eu, only("artist", 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not on this page");
    assertThatThrownBy(() -> page.propose(us, only("artist", 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 5");
  }

  @Test
  void popularityAndTrendingRankRecentInterestAboveFadingInterest() {
    UUID rising = world.room("pop-rising", false, "gamelan");
    UUID fading = world.room("pop-fading", false, "gamelan");
    UUID quiet = world.room("pop-quiet", false, "gamelan");
    for (int i = 0; i < 3; i++) {
      world
          .activity()
          .joined(rising, Instant.now().minus(Duration.ofHours(2)))
          .writeFor(world.user(Region.US));
      world
          .activity()
          .joined(fading, Instant.now().minus(Duration.ofDays(5)))
          .writeFor(world.user(Region.EU));
    }
    candidates.refreshPopularity();
    Account user = world.user(Region.US);
    world.chooseGenres(user, "gamelan", "qawwali", "enka");

    List<Candidate> found = candidates.generate(world.reload(user), only("room", 50));

    Candidate r = find(found, rising);
    Candidate f = find(found, fading);
    Candidate q = find(found, quiet);
    assertThat(r.features().popularity())
        .isGreaterThan(f.features().popularity())
        .isGreaterThan(q.features().popularity());
    assertThat(r.features().trending()).isCloseTo(Math.log(4.0), within(1e-9)); // (3 + 1) / (0 + 1)
    assertThat(f.features().trending()).isCloseTo(Math.log(1 / (3 / 7.0 + 1)), within(1e-9));
    assertThat(r.sources()).contains(CandidateSource.POPULARITY, CandidateSource.TRENDING);
    assertThat(f.sources()).doesNotContain(CandidateSource.TRENDING);
  }

  @Test
  void collaborativeProposesWhatSimilarListenersLikeToAUserTheModelHasNotSeen() {
    UUID[] community = listenedTogether(4, (listener, artist) -> 10 + listener);
    TrainingReport report = candidates.trainCollaborative(Region.US);
    // a user the model has never seen: folded in from their interactions at request time
    Account me = world.user(Region.US);
    world
        .activity()
        .listened(community[0], 5, Instant.now())
        .listened(community[1], 5, Instant.now())
        .writeFor(me);

    List<Candidate> found = candidates.generate(me, only("artist", 5));

    assertThat(report.published()).isTrue();
    assertThat(candidates.collaborativeModelVersion(Region.US)).contains(report.version());
    assertThat(found)
        .filteredOn(c -> c.sources().contains(CandidateSource.COLLABORATIVE))
        .extracting(Candidate::entityId)
        .contains(community[2], community[3]);
    // the four artists are liked by the same listeners, so the model cannot tell them apart
    assertThat(find(found, community[2]).features().collaborativeScore()).isGreaterThan(0.5);
    assertThat(candidates.similarItems(Region.US, "artist", community[0], "artist", 3))
        .extracting(SimilarItem::entityId)
        .containsExactlyInAnyOrder(community[1], community[2], community[3]);
    assertThat(candidates.similarItems(Region.US, "artist", UUID.randomUUID(), null, 3)).isEmpty();
  }

  @Test
  void aSecondTrainingOfARegionWhileOneRunsIsSkippedNotRunTwice() throws Exception {
    try (var otherNode = regions.database(Region.EU).dataSource().getConnection();
        var lock =
            otherNode.prepareStatement(
                "SELECT pg_advisory_lock(hashtext('train-collaborative'))")) {
      lock.executeQuery().close();

      TrainingReport report = candidates.trainCollaborative(Region.EU);

      assertThat(report.published()).isFalse();
      assertThat(report.outcome()).contains("another training");
      otherNode.prepareStatement("SELECT pg_advisory_unlock_all()").executeQuery().close();
    }
  }

  @Test
  void deletedAndExcludedItemsAreNeverCandidatesAndEveryCandidateCarriesAllFeatures() {
    Account me = world.user(Region.US);
    Account friend = world.user(Region.US);
    world.friends(me, friend);
    UUID kept = world.room("features-kept", true, "fado");
    UUID deleted = world.room("features-deleted", true, "fado");
    UUID dismissed = world.room("features-dismissed", true, "fado");
    var random = new SplittableRandom(SEED + 2);
    world.vector("room", kept, world.direction(random), "fado");
    world.chooseGenres(me, "fado", "gamelan", "zouk");
    world
        .activity()
        .joined(kept, Instant.now())
        .joined(deleted, Instant.now())
        .joined(dismissed, Instant.now())
        .writeFor(friend);
    for (Region region : Region.values()) {
      regions
          .database(region)
          .jdbc()
          .sql("UPDATE rooms SET deleted_at = now() WHERE id = ?")
          .param(deleted)
          .update();
    }

    var request = new CandidateRequest(Set.of("room"), 20, Set.of(), Set.of(dismissed));
    List<Candidate> found = candidates.generate(world.reload(me), request);

    assertThat(found)
        .extracting(Candidate::entityId)
        .contains(kept)
        .doesNotContain(deleted, dismissed);
    Candidate c = find(found, kept);
    assertThat(c.genres()).containsExactly("fado");
    assertThat(c.features().embeddingSimilarity())
        .isNotZero(); // proposed socially, similarity still filled
    assertThat(c.features().providerAffinity()).isEqualTo(0.5);
    assertThat(c.sources()).contains(CandidateSource.SOCIAL);
  }

  @Test
  void requestsAreValidatedWithClearMessages() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new CandidateRequest(Set.of("track"), 10, Set.of(), Set.of()))
        .hasMessageContaining("unknown entity type 'track'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CandidateRequest.all(0))
        .hasMessageContaining("perSource must be 1..500");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new CandidateRequest(Set.of(), 10, Set.of(), Set.of()))
        .hasMessageContaining("at least one entity type");
  }

  /**
   * New artists that the same eight new US listeners all listened to, as often as {@code plays}.
   */
  private UUID[] listenedTogether(int artists, java.util.function.IntBinaryOperator plays) {
    UUID[] community = new UUID[artists];
    for (int i = 0; i < artists; i++) {
      community[i] = world.artist("cf-" + i + "-" + UUID.randomUUID(), "enka");
    }
    for (int u = 0; u < 8; u++) {
      var activity = world.activity();
      for (int i = 0; i < artists; i++) {
        activity.listened(community[i], plays.applyAsInt(u, i), Instant.now());
      }
      activity.writeFor(world.user(Region.US));
    }
    return community;
  }
}
