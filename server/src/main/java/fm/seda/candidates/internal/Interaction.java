package fm.seda.candidates.internal;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One implicit-feedback signal from a user's activity summary.
 *
 * @param strength how much it says about taste: {@code ln(1 + count)} for listens, 1 for a follow,
 *     a room joined, a playlist saved or an imported top artist or playlist
 * @param at when, where the summary keeps it (listens and joins); null for follows and saves
 */
public record Interaction(
    UUID userId,
    String entityType,
    UUID entityId,
    double strength,
    @Nullable Instant at,
    Kind kind) {

  public enum Kind {
    LISTEN,
    FOLLOW,
    JOIN,
    SAVE,
    /** A top artist or playlist of an imported provider summary (Spotify, Apple Music). */
    IMPORTED
  }

  /**
   * Followed artists and saved playlists: the user has them already, so no source proposes them.
   */
  public boolean owned() {
    return kind == Kind.FOLLOW || kind == Kind.SAVE;
  }
}
