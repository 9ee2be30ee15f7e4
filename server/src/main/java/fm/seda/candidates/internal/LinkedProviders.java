package fm.seda.candidates.internal;

import fm.seda.regions.RegionalDatabase;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The music providers users linked (and did not unlink), for the provider-affinity feature. */
final class LinkedProviders {

  private LinkedProviders() {}

  /** By user; users without a linked provider are absent. */
  static Map<UUID, Set<String>> of(RegionalDatabase db, Collection<UUID> userIds) {
    var found = new HashMap<UUID, Set<String>>();
    if (userIds.isEmpty()) {
      return found;
    }
    db.jdbc()
        .sql(
            "SELECT user_id, provider FROM linked_accounts WHERE user_id = ANY(?)"
                + " AND deleted_at IS NULL")
        .param(userIds.toArray(UUID[]::new))
        .query(
            rs -> {
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>())
                  .add(rs.getString(2));
            });
    return found;
  }
}
