package fm.seda.residency;

import fm.seda.overrides.Overrides;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Settings → Privacy → Processing details: each time the user's data was processed outside the EU
 * during an EU outage, under what permission, and whether the temporary result is purged yet; with
 * a short notice to show while any is not.
 *
 * @param notice the in-app message while a temporary result still exists, else null
 */
public record NonEuProcessingDetails(List<Use> uses, @Nullable String notice) {

  /**
   * One use.
   *
   * @param override the organisation-wide override that allowed it; null when the user's own opt-in
   *     did
   * @param purgedAt when the temporary result was deleted and queued to be redone in the EU
   */
  public record Use(
      Instant at,
      String entityType,
      String provider,
      String model,
      String reason,
      @Nullable UUID jobId,
      Overrides.@Nullable Summary override,
      @Nullable Instant purgedAt,
      String purgePolicy) {}
}
