package fm.seda.residency;

import fm.seda.regions.DataResidency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user's residency as the API shows it: the canonical value and what decided it, whether their
 * data is being moved, the signals on record, an advisory suggestion from the request's country,
 * and the phrase a user types to confirm a change to each residency.
 *
 * @param moveJobId the job moving the user's data after the latest change of residency, if any
 */
public record ResidencyStatus(
    UUID userId,
    DataResidency dataResidency,
    ResidencySource source,
    @Nullable Instant changedAt,
    boolean moving,
    @Nullable UUID moveJobId,
    List<ResidencySignal> signals,
    @Nullable Suggestion suggestion,
    Map<DataResidency, String> confirmationPhrases) {

  /**
   * What the request's country suggests (IP geolocation at the edge): advisory only, to pre-fill a
   * choice the user confirms; it never sets residency.
   */
  public record Suggestion(DataResidency residency, String country, ResidencySource source) {}
}
