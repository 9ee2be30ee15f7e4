package fm.seda.accounts;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A partial update of {@link PrivacySettings}: absent fields stay as they are. {@code teen} and
 * {@code consent_timestamp} are not the user's to set.
 */
public record PrivacyChange(
    @Nullable @Pattern(regexp = "friends|hidden", message = "must be 'friends' or 'hidden'")
        String presenceDefault,
    @Nullable Boolean pushOptIn,
    @Nullable Boolean allowNonEuFallback) {}
