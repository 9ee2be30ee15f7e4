package fm.seda.accounts;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The user's privacy choices (engineering spec, users.privacy_settings).
 *
 * @param presenceDefault who sees the user in rooms: "friends" or "hidden" (hidden users are
 *     counted, never named)
 * @param pushOptIn push notifications; off until the user turns them on
 * @param teen set from the date of birth, not by the user
 * @param allowNonEuFallback an EU user's consent to temporary non-EU processing during an EU outage
 * @param consentTimestamp when the user last gave a consent above
 */
public record PrivacySettings(
    String presenceDefault,
    boolean pushOptIn,
    boolean teen,
    boolean allowNonEuFallback,
    @Nullable Instant consentTimestamp) {

  public static PrivacySettings defaults() {
    return new PrivacySettings("friends", false, false, false, null);
  }
}
