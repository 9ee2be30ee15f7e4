package fm.seda.residency;

import fm.seda.regions.DataResidency;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One source's word on where a user's data belongs ({@code residency_signals}).
 *
 * @param actor who recorded it: the user's auth subject, an admin's, or a named system (billing)
 * @param evidence what it rests on (a contract or KYC check id), when the recorder gave one
 * @param overrideId the executed two-approver override behind an admin override
 * @param expiresAt when an admin override stops counting; null for every other source
 */
public record ResidencySignal(
    ResidencySource source,
    DataResidency residency,
    String actor,
    @Nullable String evidence,
    @Nullable UUID overrideId,
    Instant recordedAt,
    @Nullable Instant expiresAt) {

  /** Whether the signal still counts at {@code now} (an expired override does not). */
  public boolean liveAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }
}
