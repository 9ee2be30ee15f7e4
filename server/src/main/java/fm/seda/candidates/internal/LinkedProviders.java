package fm.seda.candidates.internal;

import fm.seda.regions.RegionalDatabase;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The music providers users linked (and did not unlink), for the provider-affinity feature. */
final class LinkedProviders {

  private LinkedProviders() {}

  /** By user; users without a linked provider are absent. */
  static Map<UUID, Set<String>> of(RegionalDatabase db, Collection<UUID> userIds) {
    if (userIds.isEmpty()) {
      return Map.of();
    }
    return db.valuesByUser(
        "SELECT user_id, provider FROM linked_accounts WHERE user_id = ANY(?)"
            + " AND deleted_at IS NULL",
        String.class,
        (Object) userIds.toArray(UUID[]::new));
  }
}
