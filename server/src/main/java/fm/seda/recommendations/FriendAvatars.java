package fm.seda.recommendations;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The friends shown on a card (architecture §7: up to 4 avatars and a "+N" overflow). Friends who
 * hide their presence are in {@code count} and never in {@code shown}; when every friend hides, the
 * card shows the count alone.
 *
 * @param count every friend with a signal on the item (for a person: mutual friends)
 * @param overflow {@code count − shown.size()}, the "+N" badge
 * @param countOnly true when some friends are counted but may not be shown
 */
public record FriendAvatars(List<Friend> shown, int count, int overflow, boolean countOnly) {

  public static final int MAX_SHOWN = 4;
  public static final FriendAvatars NONE = new FriendAvatars(List.of(), 0, 0, false);

  public FriendAvatars {
    shown = List.copyOf(shown);
  }

  /** A friend who may be named. */
  public record Friend(UUID userId, @Nullable String displayName) {}
}
