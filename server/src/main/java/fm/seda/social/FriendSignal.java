package fm.seda.social;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something a friend is doing or did with an entity: present in a room now, joined a room, follows
 * an artist, saved a playlist.
 *
 * @param named false when the friend hides their presence: count them, never show who they are
 * @param at when it happened, where that is known (follows and saves carry no time)
 */
public record FriendSignal(
    Kind kind,
    String entityType,
    UUID entityId,
    UUID friendId,
    boolean named,
    @Nullable Instant at) {

  public enum Kind {
    PRESENT_NOW,
    JOINED,
    FOLLOWS,
    SAVED
  }
}
