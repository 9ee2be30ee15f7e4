package fm.seda.accounts;

import fm.seda.regions.DataResidency;
import java.time.Instant;
import java.util.UUID;

/** A seda account as the API shows it to its owner. */
public record Account(
    UUID id,
    @org.jspecify.annotations.Nullable String displayName,
    DataResidency dataResidency,
    String dataResidencySource,
    String role,
    Preferences preferences,
    PrivacySettings privacySettings,
    int sessionCount,
    boolean meaningfulEngagement,
    Instant createdAt) {

  /** Admins and super admins: they may read other users' recommendations and run operations. */
  public boolean isAdmin() {
    return role.equals("admin") || role.equals("super_admin");
  }
}
