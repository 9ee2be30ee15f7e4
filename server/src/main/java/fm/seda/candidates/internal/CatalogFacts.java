package fm.seda.candidates.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalItem;
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
 * providers). Rooms' are kept {@link #ROOMS_KEPT} only, since whether one is live changes by the
 * minute: long enough that the nightly batch, ranking dozens of users a second, reads each room
 * once per page rather than once per user (a query per user was 1.6 % of a batch feed's time). An
 * item deleted meanwhile may still be proposed for that long; the feed drops it when it reads the
 * item's card.
 */
@Component
class CatalogFacts {

  private final RegionRouter regions;
  static final Duration ROOMS_KEPT = Duration.ofSeconds(15);

  private final Cache<RegionalItem, ItemFacts> kept =
      Caffeine.newBuilder().maximumSize(400_000).expireAfterWrite(Duration.ofMinutes(10)).build();
  private final Cache<RegionalItem, ItemFacts> rooms =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ROOMS_KEPT).build();

  CatalogFacts(RegionRouter regions) {
    this.regions = regions;
  }

  /** The facts of live items of one type, by id; deleted and unknown items are absent. */
  Map<UUID, ItemFacts> of(Region region, String entityType, Collection<UUID> ids) {
    Cache<RegionalItem, ItemFacts> cache = entityType.equals("room") ? rooms : kept;
    var keys = new ArrayList<RegionalItem>(ids.size());
    ids.forEach(id -> keys.add(RegionalItem.of(region, entityType, id)));
    var found = new HashMap<UUID, ItemFacts>();
    cache
        .getAll(
            keys,
            missing -> {
              var read = new HashMap<RegionalItem, ItemFacts>();
              ItemFacts.of(
                      regions.database(region),
                      entityType,
                      missing.stream().map(RegionalItem::id).toList())
                  .forEach((id, facts) -> read.put(RegionalItem.of(region, entityType, id), facts));
              return read;
            })
        .forEach((key, facts) -> found.put(key.id(), facts));
    return found;
  }
}
