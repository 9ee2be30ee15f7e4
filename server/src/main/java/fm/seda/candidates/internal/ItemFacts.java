package fm.seda.candidates.internal;

import fm.seda.regions.RegionalDatabase;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the features need to know about catalog items: genres, age, whether a room is live now, and
 * which providers have the item, and a playlist's featured artists. Read from the region's catalog
 * replica; deleted items are absent, which is how candidates of deleted items are dropped.
 */
record ItemFacts(
    List<String> genres,
    Instant createdAt,
    Instant updatedAt,
    boolean live,
    @Nullable String provider,
    Set<String> providers,
    List<UUID> artists) {

  static Map<UUID, ItemFacts> of(RegionalDatabase db, String entityType, Collection<UUID> ids) {
    var facts = new HashMap<UUID, ItemFacts>();
    if (ids.isEmpty()) {
      return facts;
    }
    String sql =
        switch (entityType) {
          case "artist" ->
              "SELECT id, genres, created_at, updated_at, false, NULL,"
                  + " array(SELECT jsonb_object_keys(external_ids)), '{}'::uuid[] FROM artists";
          case "playlist" ->
              "SELECT id, genres, created_at, updated_at, false, provider,"
                  + " array(SELECT jsonb_object_keys(external_ids)), artist_ids FROM playlists";
          case "room" ->
              "SELECT id, genres, created_at, updated_at, is_live, NULL, '{}'::text[], '{}'::uuid[] FROM rooms";
          default -> throw new IllegalArgumentException("not a catalog type: " + entityType);
        };
    db.jdbc()
        .sql(sql + " WHERE id = ANY(?) AND deleted_at IS NULL")
        .param(ids.toArray(UUID[]::new))
        .query(
            rs -> {
              facts.put(
                  rs.getObject(1, UUID.class),
                  new ItemFacts(
                      List.of((String[]) rs.getArray(2).getArray()),
                      rs.getTimestamp(3).toInstant(),
                      rs.getTimestamp(4).toInstant(),
                      rs.getBoolean(5),
                      rs.getString(6),
                      Set.of((String[]) rs.getArray(7).getArray()),
                      List.of((UUID[]) rs.getArray(8).getArray())));
            });
    return facts;
  }
}
