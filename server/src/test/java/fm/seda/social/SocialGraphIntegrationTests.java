package fm.seda.social;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.accounts.Account;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@SedaIntegrationTest
class SocialGraphIntegrationTests {

  @Autowired SocialGraph social;
  @Autowired RegionRouter regions;
  @Autowired ApplicationContext context;
  CandidateFixtures world;

  @BeforeEach
  void world() {
    world = CandidateFixtures.of(context);
  }

  @Test
  void friendsInARoomNowAreSeenAcrossRegionsAndHiddenOnesAreNeverNamed() {
    Account me = world.user(Region.US);
    Account euFriend = world.user(Region.EU);
    Account hiddenFriend = world.user(Region.US, "hidden");
    Account stranger = world.user(Region.US);
    world.friends(me, euFriend);
    world.friends(me, hiddenFriend);
    UUID room = world.room("after-hours", true, "techno");
    social.enterRoom(euFriend.id(), euFriend.dataResidency(), room);
    social.enterRoom(hiddenFriend.id(), hiddenFriend.dataResidency(), room);
    social.enterRoom(stranger.id(), stranger.dataResidency(), room);

    var present =
        social.friendSignals(me.id(), me.dataResidency(), Duration.ofDays(7)).stream()
            .filter(s -> s.kind() == FriendSignal.Kind.PRESENT_NOW)
            .toList();

    assertThat(present).extracting(FriendSignal::entityId).containsOnly(room);
    assertThat(present)
        .extracting(FriendSignal::friendId)
        .containsExactlyInAnyOrder(euFriend.id(), hiddenFriend.id());
    assertThat(present)
        .filteredOn(FriendSignal::named)
        .extracting(FriendSignal::friendId)
        .containsExactly(euFriend.id());
  }

  @Test
  void aFriendWhoLeftOrWentSilentIsNoLongerPresent() {
    Account me = world.user(Region.US);
    Account left = world.user(Region.US);
    Account silent = world.user(Region.US);
    world.friends(me, left);
    world.friends(me, silent);
    UUID room = world.room("leaving", true, "jazz");
    social.enterRoom(left.id(), left.dataResidency(), room);
    social.leaveRoom(left.id(), left.dataResidency());
    social.enterRoom(silent.id(), silent.dataResidency(), room);
    regions
        .database(Region.US)
        .jdbc()
        .sql("UPDATE room_presence SET seen_at = now() - interval '3 minutes' WHERE user_id = ?")
        .param(silent.id())
        .update();

    assertThat(social.friendSignals(me.id(), me.dataResidency(), Duration.ofDays(7)))
        .noneMatch(s -> s.kind() == FriendSignal.Kind.PRESENT_NOW);
  }

  @Test
  void recentJoinsFollowsAndSavesOfLiveFriendsOnly() {
    Account me = world.user(Region.US);
    Account friend = world.user(Region.EU);
    Account deletedFriend = world.user(Region.US);
    world.friends(me, friend);
    world.friends(me, deletedFriend);
    UUID recentRoom = world.room("recent", false, "techno");
    UUID oldRoom = world.room("old", false, "techno");
    UUID artist = world.artist("followed", "techno");
    UUID playlist = world.playlist("saved", "spotify", "techno");
    world
        .activity()
        .joined(recentRoom, Instant.now().minus(Duration.ofDays(2)))
        .joined(oldRoom, Instant.now().minus(Duration.ofDays(20)))
        .follows(artist)
        .saved(playlist)
        .writeFor(friend);
    world.activity().follows(world.artist("of-the-deleted", "techno")).writeFor(deletedFriend);
    world.delete(deletedFriend);

    var signals = social.friendSignals(me.id(), me.dataResidency(), Duration.ofDays(7));

    assertThat(signals)
        .extracting(s -> s.kind() + " " + s.entityType() + " " + s.entityId())
        .containsExactlyInAnyOrder(
            "JOINED room " + recentRoom, "FOLLOWS artist " + artist, "SAVED playlist " + playlist);
    assertThat(signals).allMatch(s -> s.friendId().equals(friend.id()));
  }

  @Test
  void followsRecordedAsEventsCarryTheirTime() {
    Account me = world.user(Region.US);
    Account friend = world.user(Region.EU);
    world.friends(me, friend);
    UUID artist = world.artist("followed-by-event", "fado");
    Instant at =
        Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    regions
        .database(Region.EU)
        .jdbc()
        .sql(
            "INSERT INTO fact_events (user_id, event_type, occurred_at, properties) VALUES"
                + " (?, 'follow_artist', ?, jsonb_build_object('entity_type', 'artist', 'entity_id', ?::text))")
        .params(friend.id(), java.sql.Timestamp.from(at), artist.toString())
        .update();

    assertThat(social.friendSignals(me.id(), me.dataResidency(), Duration.ofDays(7)))
        .containsExactly(
            new FriendSignal(FriendSignal.Kind.FOLLOWS, "artist", artist, friend.id(), true, at));
  }

  @Test
  void friendsOfFriendsRankByMutualFriendsAndLeaveOutFriendsAndSelf() {
    Account me = world.user(Region.US);
    Account a = world.user(Region.US);
    Account b = world.user(Region.EU);
    Account twoMutual = world.user(Region.EU);
    Account oneMutual = world.user(Region.US);
    world.friends(me, a);
    world.friends(me, b);
    world.friends(a, b); // a friend of a friend who is already my friend: not suggested
    world.friends(a, twoMutual);
    world.friends(b, twoMutual);
    world.friends(a, oneMutual);

    assertThat(social.friendsOfFriends(me.id(), me.dataResidency(), 10))
        .containsExactly(
            new SuggestedPerson(twoMutual.id(), 2), new SuggestedPerson(oneMutual.id(), 1));
  }

  @Test
  void aDeletedFriendOfAFriendAtTheTopMakesWayForTheNextOne() {
    Account me = world.user(Region.US);
    Account a = world.user(Region.US);
    Account b = world.user(Region.US);
    Account deletedTwoMutual = world.user(Region.EU);
    Account oneMutual = world.user(Region.US);
    world.friends(me, a);
    world.friends(me, b);
    world.friends(a, deletedTwoMutual);
    world.friends(b, deletedTwoMutual);
    world.friends(a, oneMutual);
    world.delete(deletedTwoMutual);

    // one suggestion wanted: the best candidate is gone, so the next one is checked and given
    assertThat(social.friendsOfFriends(me.id(), me.dataResidency(), 1))
        .containsExactly(new SuggestedPerson(oneMutual.id(), 1));
  }

  @Test
  void pagesReuseAFriendsRecentSignalsWhileOneUsersReadIsFresh() {
    Account me = world.user(Region.US);
    Account friend = world.user(Region.EU);
    world.friends(me, friend);
    UUID room = world.room("warm-up", true, "house");

    assertThat(social.signalsByFriend(List.of(friend.id()), Duration.ofDays(7))).isEmpty();
    social.enterRoom(friend.id(), friend.dataResidency(), room);

    // within the reuse period a page sees what the page before it read (no query per page)...
    assertThat(social.signalsByFriend(List.of(friend.id()), Duration.ofDays(7))).isEmpty();
    // ...while ranking one user reads their friends' signals now
    assertThat(social.friendSignals(me.id(), me.dataResidency(), Duration.ofDays(7)))
        .extracting(FriendSignal::entityId)
        .containsExactly(room);
  }
}
