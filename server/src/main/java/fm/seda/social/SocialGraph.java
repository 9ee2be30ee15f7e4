package fm.seda.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.regions.DataResidency;
import fm.seda.social.internal.SocialStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The social graph facade: what the user's friends are up to, and whom they might know. */
@Service
public class SocialGraph {

  /** A presence row not refreshed for this long belongs to a client that went away. */
  public static final Duration PRESENCE_TIMEOUT = Duration.ofMinutes(2);

  /**
   * How long work over pages of users reuses what it read of a friend ({@link #signalsByFriend},
   * {@link #friendsOfFriends(Map, int)}). The nightly batch reads each friend once per page that
   * holds one of their friends, ~20 times a run on {@code large}, and these reads were a fifth of
   * its database time (docs/BENCHMARKS.md). A minute is within what presence promises anyway (a
   * heartbeat counts for {@link #PRESENCE_TIMEOUT}).
   */
  static final Duration PAGE_READS_REUSED_FOR = Duration.ofMinutes(1);

  private record SignalsKey(UUID friend, Duration window) {}

  private final SocialStore store;
  private final Cache<SignalsKey, List<FriendSignal>> recentSignals =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(PAGE_READS_REUSED_FOR).build();
  private final Cache<UUID, List<UUID>> recentFriendLists =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(PAGE_READS_REUSED_FOR).build();

  SocialGraph(SocialStore store) {
    this.store = store;
  }

  /** The user's friends and the people they follow, in no particular order. */
  public List<UUID> friendsOf(UUID userId, DataResidency residency) {
    return store.friendsOf(userId, residency);
  }

  /**
   * What the user's friends are doing: in which rooms they are right now, which rooms they joined
   * within {@code window}, which artists they follow and which playlists they saved. Deleted
   * friends are left out; friends who hide their presence come back unnamed.
   */
  public List<FriendSignal> friendSignals(UUID userId, DataResidency residency, Duration window) {
    return signalsOfFriends(store.friendsOf(userId, residency), window);
  }

  /**
   * As {@link #friendSignals(UUID, DataResidency, Duration)}, for a caller that has read the user's
   * friends already ({@link #friendsOf}).
   */
  public List<FriendSignal> signalsOfFriends(List<UUID> friends, Duration window) {
    return friends.isEmpty() ? List.of() : store.signalsOf(friends, window, PRESENCE_TIMEOUT);
  }

  /** Friends of friends who are not yet friends, most mutual friends first. */
  public List<SuggestedPerson> friendsOfFriends(UUID userId, DataResidency residency, int limit) {
    return friendsOfFriends(userId, store.friendsOf(userId, residency), limit);
  }

  /** As {@link #friendsOfFriends(UUID, DataResidency, int)}, given the user's friends. */
  public List<SuggestedPerson> friendsOfFriends(UUID userId, List<UUID> friends, int limit) {
    return friends.isEmpty()
        ? List.of()
        : store
            .friendsOfFriends(Map.of(userId, friends), store.friendListsOf(friends), limit)
            .get(userId);
  }

  /**
   * The friends of many users of one residency at once, by user (users without friends are absent):
   * for work over a page of users, such as the nightly feed ranking.
   */
  public Map<UUID, List<UUID>> friendsOf(Collection<UUID> userIds, DataResidency residency) {
    return store.friendsOf(userIds, residency);
  }

  /**
   * As {@link #signalsOfFriends}, for the friends of many users at once: each friend's signals, by
   * friend (friends without any are absent). A friend's signals read in the last {@link
   * #PAGE_READS_REUSED_FOR} are reused.
   */
  public Map<UUID, List<FriendSignal>> signalsByFriend(Collection<UUID> friends, Duration window) {
    if (friends.isEmpty()) {
      return Map.of();
    }
    var byFriend = new HashMap<UUID, List<FriendSignal>>();
    recentSignals
        .getAll(
            friends.stream().map(f -> new SignalsKey(f, window)).toList(),
            missing -> {
              var read = new HashMap<SignalsKey, List<FriendSignal>>();
              missing.forEach(k -> read.put(k, new ArrayList<>()));
              List<UUID> ids = missing.stream().map(SignalsKey::friend).toList();
              for (FriendSignal s : store.signalsOf(ids, window, PRESENCE_TIMEOUT)) {
                read.get(new SignalsKey(s.friendId(), window)).add(s);
              }
              return read; // friends without signals too: none is an answer worth keeping
            })
        .forEach(
            (key, signals) -> {
              if (!signals.isEmpty()) {
                byFriend.put(key.friend(), signals);
              }
            });
    return byFriend;
  }

  /**
   * As {@link #friendsOfFriends(UUID, List, int)} for many users at once (keyed by user, valued by
   * the user's friends): the friends' own friend lists are read once for all of them, or reused
   * when read in the last {@link #PAGE_READS_REUSED_FOR}.
   */
  public Map<UUID, List<SuggestedPerson>> friendsOfFriends(
      Map<UUID, List<UUID>> friendsByUser, int limit) {
    Set<UUID> allFriends = new HashSet<>();
    friendsByUser.values().forEach(allFriends::addAll);
    Map<UUID, List<UUID>> theirFriends =
        recentFriendLists.getAll(
            allFriends,
            missing -> {
              var read = new HashMap<UUID, List<UUID>>();
              missing.forEach(id -> read.put(id, List.of()));
              read.putAll(store.friendListsOf(missing));
              return read;
            });
    return store.friendsOfFriends(friendsByUser, theirFriends, limit);
  }

  /** The user entered {@code roomId} (leaving any other room): written in the user's region. */
  public void enterRoom(UUID userId, DataResidency residency, UUID roomId) {
    store.enterRoom(userId, residency, roomId);
  }

  public void leaveRoom(UUID userId, DataResidency residency) {
    store.leaveRoom(userId, residency);
  }
}
