package fm.seda.social.internal;

import fm.seda.regions.DataResidency;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.social.FriendSignal;
import fm.seda.social.SuggestedPerson;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The SQL behind {@link fm.seda.social.SocialGraph}. A user's friend list lives in the user's
 * region; the friends themselves may live in either, so their signals are read from both regions
 * with the friend ids as the only thing passed across.
 */
@Component
public class SocialStore {

  private final RegionRouter regions;

  SocialStore(RegionRouter regions) {
    this.regions = regions;
  }

  public List<UUID> friendsOf(UUID userId, DataResidency residency) {
    return friendsOf(List.of(userId), residency).getOrDefault(userId, List.of());
  }

  public List<FriendSignal> signalsOf(
      Collection<UUID> friends, Duration window, Duration presenceTimeout) {
    UUID[] ids = friends.toArray(UUID[]::new);
    var signals = new ArrayList<FriendSignal>();
    for (RegionalDatabase db : regions.all()) {
      db.jdbc()
          .sql(
              // present now (a fresh heartbeat), then joins within the window, follows and saves
              "WITH live_friends AS (SELECT id, (privacy_settings->>'presence_default') = 'hidden' AS hidden"
                  + " FROM users WHERE id = ANY(?) AND deleted_at IS NULL)"
                  + " SELECT 'PRESENT_NOW', 'room', p.room_id, p.user_id, f.hidden, p.entered_at"
                  + " FROM room_presence p JOIN live_friends f ON f.id = p.user_id"
                  + " WHERE p.seen_at > now() - make_interval(secs => ?)"
                  + " UNION ALL SELECT 'JOINED', 'room', r.key::uuid, s.user_id, f.hidden, r.value::timestamptz"
                  + " FROM user_activity_summary s JOIN live_friends f ON f.id = s.user_id,"
                  + " jsonb_each_text(s.room_memberships) r"
                  + " WHERE r.value::timestamptz > now() - make_interval(secs => ?)"
                  + " UNION ALL SELECT 'FOLLOWS', 'artist', a::uuid, s.user_id, f.hidden, NULL"
                  + " FROM user_activity_summary s JOIN live_friends f ON f.id = s.user_id,"
                  + " jsonb_array_elements_text(s.follows) a"
                  + " UNION ALL SELECT 'SAVED', 'playlist', pl::uuid, s.user_id, f.hidden, NULL"
                  + " FROM user_activity_summary s JOIN live_friends f ON f.id = s.user_id,"
                  + " jsonb_array_elements_text(s.saved_playlists) pl"
                  // the events pipeline records follows and joins as they happen, with a time
                  + " UNION ALL SELECT CASE e.event_type WHEN 'follow_artist' THEN 'FOLLOWS' ELSE 'JOINED' END,"
                  + " e.properties->>'entity_type', (e.properties->>'entity_id')::uuid, e.user_id, f.hidden,"
                  + " e.occurred_at FROM fact_events e JOIN live_friends f ON f.id = e.user_id"
                  + " WHERE e.event_type IN ('follow_artist', 'join_room')"
                  + " AND e.occurred_at > now() - make_interval(secs => ?)"
                  + " AND e.properties->>'entity_type' IN ('artist', 'room')"
                  + " AND e.properties->>'entity_id' ~ '^[0-9a-fA-F-]{36}$'")
          .params(
              ids,
              (double) presenceTimeout.toSeconds(),
              (double) window.toSeconds(),
              (double) window.toSeconds())
          .query(
              (rs, n) -> {
                Timestamp at = rs.getTimestamp(6);
                return new FriendSignal(
                    FriendSignal.Kind.valueOf(rs.getString(1)),
                    rs.getString(2),
                    rs.getObject(3, UUID.class),
                    rs.getObject(4, UUID.class),
                    !rs.getBoolean(5),
                    at == null ? null : at.toInstant());
              })
          .list()
          .forEach(signals::add);
    }
    return signals;
  }

  /**
   * The friends of each of {@code userIds}, all of one residency, by user (one query: the nightly
   * batch reads a page of users at once); users without friends are absent.
   */
  public Map<UUID, List<UUID>> friendsOf(Collection<UUID> userIds, DataResidency residency) {
    var found = new HashMap<UUID, List<UUID>>();
    readFriendLists(regions.forResidency(residency), userIds, found);
    return found;
  }

  /** Adds the friend lists that {@code db} holds of {@code userIds} to {@code into}, by user. */
  private static void readFriendLists(
      RegionalDatabase db, Collection<? extends UUID> userIds, Map<UUID, List<UUID>> into) {
    if (userIds.isEmpty()) {
      return;
    }
    db.jdbc()
        .sql("SELECT user_id, friend_user_id FROM friends WHERE user_id = ANY(?)")
        .param(userIds.toArray(UUID[]::new))
        .query(
            rs -> {
              into.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                  .add(rs.getObject(2, UUID.class));
            });
  }

  /**
   * The friend lists of {@code ids}, wherever each lives, by id; ids without friends are absent.
   */
  public Map<UUID, List<UUID>> friendListsOf(Collection<? extends UUID> ids) {
    // the friends live in either region, and so do their friend lists
    var lists = new HashMap<UUID, List<UUID>>();
    for (RegionalDatabase db : regions.all()) {
      readFriendLists(db, ids, lists);
    }
    return lists;
  }

  /**
   * For each user (keyed by user, valued by the user's friends): people who are friends of their
   * friends but not theirs, most mutual friends first, at most {@code limit} each, given the
   * friends' own friend lists ({@link #friendListsOf}).
   */
  public Map<UUID, List<SuggestedPerson>> friendsOfFriends(
      Map<UUID, List<UUID>> friendsByUser, Map<UUID, List<UUID>> theirFriends, int limit) {
    var ranked = new HashMap<UUID, List<SuggestedPerson>>();
    friendsByUser.forEach(
        (userId, friends) -> {
          Set<UUID> excluded = new HashSet<>(friends);
          excluded.add(userId);
          var mutual = new HashMap<UUID, Integer>();
          for (UUID friend : friends) {
            for (UUID person : theirFriends.getOrDefault(friend, List.of())) {
              if (!excluded.contains(person)) {
                mutual.merge(person, 1, Integer::sum);
              }
            }
          }
          ranked.put(
              userId,
              mutual.entrySet().stream()
                  .map(e -> new SuggestedPerson(e.getKey(), e.getValue()))
                  .sorted(MOST_MUTUAL_FIRST)
                  .toList());
        });
    Set<UUID> live = liveAmongTheFirst(ranked, limit);
    var suggested = new HashMap<UUID, List<SuggestedPerson>>();
    ranked.forEach(
        (userId, people) ->
            suggested.put(
                userId,
                people.stream().filter(p -> live.contains(p.userId())).limit(limit).toList()));
    return suggested;
  }

  private static final Comparator<SuggestedPerson> MOST_MUTUAL_FIRST =
      (a, b) ->
          a.mutualFriends() != b.mutualFriends()
              ? Integer.compare(b.mutualFriends(), a.mutualFriends())
              : a.userId().compareTo(b.userId());

  /**
   * Which of the people ranked for each user are live accounts, asked of the databases only for as
   * many from the top of each list as can be suggested: a page of the nightly batch ranks ~45k
   * friends of friends and keeps ~30 per user, and checking every one was most of this step's time.
   * Deleted accounts are rare; when one is among the first, the next are checked in another round.
   */
  private Set<UUID> liveAmongTheFirst(Map<UUID, List<SuggestedPerson>> ranked, int limit) {
    var checked = new HashSet<UUID>();
    var live = new HashSet<UUID>();
    while (true) {
      var toCheck = new HashSet<UUID>();
      for (List<SuggestedPerson> people : ranked.values()) {
        int wanted = limit;
        for (SuggestedPerson p : people) {
          if (wanted == 0) {
            break;
          }
          if (!checked.contains(p.userId())) {
            toCheck.add(p.userId());
            wanted--;
          } else if (live.contains(p.userId())) {
            wanted--;
          }
        }
      }
      if (toCheck.isEmpty()) {
        return live;
      }
      live.addAll(live(toCheck));
      checked.addAll(toCheck);
    }
  }

  /** Of {@code ids}, those whose account exists and is not deleted, in either region. */
  private Set<UUID> live(Collection<UUID> ids) {
    var live = new HashSet<UUID>();
    if (ids.isEmpty()) {
      return live;
    }
    for (RegionalDatabase db : regions.all()) {
      live.addAll(
          db.jdbc()
              .sql("SELECT id FROM users WHERE id = ANY(?) AND deleted_at IS NULL")
              .param(ids.toArray(UUID[]::new))
              .query(UUID.class)
              .list());
    }
    return live;
  }

  public void enterRoom(UUID userId, DataResidency residency, UUID roomId) {
    regions
        .forResidency(residency)
        .jdbc()
        .sql(
            "INSERT INTO room_presence (user_id, room_id) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE"
                + " SET room_id = EXCLUDED.room_id, entered_at = CASE WHEN room_presence.room_id = EXCLUDED.room_id"
                + " THEN room_presence.entered_at ELSE now() END, seen_at = now()")
        .params(userId, roomId)
        .update();
  }

  public void leaveRoom(UUID userId, DataResidency residency) {
    regions
        .forResidency(residency)
        .jdbc()
        .sql("DELETE FROM room_presence WHERE user_id = ?")
        .param(userId)
        .update();
  }
}
