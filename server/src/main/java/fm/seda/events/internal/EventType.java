package fm.seda.events.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one list of feedback event types {@code POST /events} accepts, each with what it must carry.
 * {@code fm.seda.events.Events.KNOWN_TYPES} is this list's names.
 *
 * <p>Operational events of the seed's telemetry list ({@code embedding_use}, {@code
 * spend_cap_event}, {@code override.*}, {@code export_requested}) are not here on purpose: the
 * server records those itself (embeddings audit, spend ledger, audit log); a client must not be
 * able to forge them.
 */
public enum EventType {
  /** A recommendation was shown; {@code novel: true} if it was new to the user. */
  REC_IMPRESSION("rec_impression", Item.ANY, true),
  /** A recommendation was opened. */
  REC_CLICK("rec_click", Item.ANY, true),
  /** A recommendation was dismissed (the dismissal mode, if any, in {@code mode}). */
  REC_DISMISS("rec_dismiss", Item.ANY, true),
  /** A dismissal was undone within its undo window. */
  REC_DISMISS_UNDO("rec_dismiss_undo", Item.ANY, true),
  /** The user joined a room: {@code room_memberships[room] = max(occurred_at)}. */
  JOIN_ROOM("join_room", Item.ROOM, false),
  /** The user left a room (the summary keeps the last join). */
  LEAVE_ROOM("leave_room", Item.ROOM, false),
  /**
   * The user listened for at least 30 s to the artist (counted in the summary), or in a playlist or
   * room.
   */
  LISTEN_30S("listen_30s", Item.PLAYABLE, false),
  /** The user skipped a track of the artist, playlist or room. */
  TRACK_SKIP("track_skip", Item.PLAYABLE, false),
  /** Added to the summary's follows. */
  FOLLOW_ARTIST("follow_artist", Item.ARTIST, false),
  /** Removed from the summary's follows. */
  UNFOLLOW_ARTIST("unfollow_artist", Item.ARTIST, false),
  /** Added to the summary's saved playlists. */
  SAVE_PLAYLIST("save_playlist", Item.PLAYLIST, false),
  /** Removed from the summary's saved playlists. */
  UNSAVE_PLAYLIST("unsave_playlist", Item.PLAYLIST, false),
  /** A music provider was linked; {@code provider} is {@code spotify} or {@code apple}. */
  PROVIDER_LINKED("provider_linked", Item.NONE, false),
  /** A music provider was unlinked; {@code provider} is {@code spotify} or {@code apple}. */
  PROVIDER_UNLINKED("provider_unlinked", Item.NONE, false);

  /** Which {@code entity_type} values an event of a type may be about. */
  enum Item {
    NONE(Set.of()),
    ANY(Set.of("room", "playlist", "artist", "person")),
    PLAYABLE(Set.of("artist", "playlist", "room")),
    ROOM(Set.of("room")),
    ARTIST(Set.of("artist")),
    PLAYLIST(Set.of("playlist"));

    final Set<String> entityTypes;

    Item(Set<String> entityTypes) {
      this.entityTypes = entityTypes;
    }
  }

  /** Every entity type an event may name. */
  static final Set<String> ENTITY_TYPES = Item.ANY.entityTypes;

  private static final Map<String, EventType> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(t -> t.wire, Function.identity()));

  /** The names, in this declaration order. */
  public static final Set<String> NAMES = names();

  private static Set<String> names() {
    var names = new java.util.LinkedHashSet<String>();
    for (EventType type : values()) {
      names.add(type.wire);
    }
    return java.util.Collections.unmodifiableSet(names);
  }

  private final String wire;
  final Item item;
  final boolean aboutRecommendation;

  EventType(String wire, Item item, boolean aboutRecommendation) {
    this.wire = wire;
    this.item = item;
    this.aboutRecommendation = aboutRecommendation;
  }

  /** The name in JSON and in {@code fact_events.event_type}. */
  public String wire() {
    return wire;
  }

  static @Nullable EventType of(String name) {
    return BY_NAME.get(name);
  }

  /**
   * Whether a new event of this type changes the user's activity summary, and so their taste
   * vector.
   */
  public static boolean changesTaste(EventType type) {
    return switch (type) {
      case LISTEN_30S, JOIN_ROOM, FOLLOW_ARTIST, UNFOLLOW_ARTIST, SAVE_PLAYLIST, UNSAVE_PLAYLIST ->
          true;
      default -> false;
    };
  }
}
