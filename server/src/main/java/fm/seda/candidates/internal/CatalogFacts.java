package fm.seda.candidates.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * {@link ItemFacts} of candidates, artists' and playlists' kept in memory for a few minutes: every
 * ranking reads some hundreds of them, and they change only when the catalog does (genres, age,
 * providers). Rooms are always read, since whether one is live changes by the minute. An item
 * deleted meanwhile may still be proposed for those minutes; the feed drops it when it reads the
 * item's card.
 */
@Component
class CatalogFacts {

  private record Key(Region region, String entityType, UUID id) {}

  private final RegionRouter regions;
  private final Cache<Key, ItemFacts> kept =
      Caffeine.newBuilder().maximumSize(400_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  CatalogFacts(RegionRouter regions) {
    this.regions = regions;
  }

  /** The facts of live items of one type, by id; deleted and unknown items are absent. */
  Map<UUID, ItemFacts> of(Region region, String entityType, Collection<UUID> ids) {
    if (entityType.equals("room")) {
      return ItemFacts.of(regions.database(region), entityType, ids);
    }
    var keys = new ArrayList<Key>(ids.size());
    ids.forEach(id -> keys.add(new Key(region, entityType, id)));
    var found = new HashMap<UUID, ItemFacts>();
    kept.getAll(
            keys,
            missing -> {
              var read = new HashMap<Key, ItemFacts>();
              ItemFacts.of(
                      regions.database(region), entityType, missing.stream().map(Key::id).toList())
                  .forEach((id, facts) -> read.put(new Key(region, entityType, id), facts));
              return read;
            })
        .forEach((key, facts) -> found.put(key.id(), facts));
    return found;
  }
}
