package fm.seda.candidates.popularity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalItem;
import jakarta.annotation.PreDestroy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Reads {@code item_popularity}: top items per genre or globally, and lookups by id. */
@Component
public class PopularityStore {

  private static final String TRENDING_ONLY = " AND trending > 0";

  /** The key of the top lists of all genres together. */
  private static final String ALL_GENRES = "*";

  /**
   * Items kept per cached top list beyond what a request asks for, so that a user's exclusions
   * (followed artists, saved playlists, dismissals) rarely send the request to the table.
   */
  static final int TOP_MARGIN = 100;

  /**
   * Items per cached top list (more when a request asks for more than this less the margin): one
   * size for the usual requests, so that the lists can be loaded before anyone asks.
   */
  static final int LIST_SIZE = 200;

  private static final List<String> TYPES = List.of("artist", "playlist", "room");
  private static final List<String> ORDERS = List.of("popularity", "trending");
  private static final Logger log = LoggerFactory.getLogger(PopularityStore.class);

  private record TopKey(
      Region region, String entityType, String orderColumn, String genre, int size) {}

  private final RegionRouter regions;

  private final Cache<RegionalItem, ItemPopularity> rows =
      Caffeine.newBuilder().maximumSize(400_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /**
   * Top lists per genre, the same for every user: reading them took 16 ms of every feed ranking on
   * the large world (12 queries), and a first user of cold lists waited P95 268 ms for up to 30 of
   * them (docs/BENCHMARKS.md). The table changes only when popularity is refreshed (hourly), so the
   * lists are kept until it does: this node's refresh reloads them at once, and a check every
   * {@value #VERSION_CHECK_SECONDS} s of the table's version reloads them after another node's.
   * Reloading them every two minutes instead, whether or not the table had changed, was the largest
   * single load on PostgreSQL during the nightly batch (4,000 lists of ~47 ms each).
   */
  private final LoadingCache<TopKey, List<ItemPopularity>> tops =
      Caffeine.newBuilder().maximumSize(5_000).build(this::load);

  static final int VERSION_CHECK_SECONDS = 30;

  /** When each region's table was computed, as last seen by this node. */
  private final Map<Region, Optional<Instant>> versions = new ConcurrentHashMap<>();

  private volatile @Nullable Thread watcher;

  PopularityStore(RegionRouter regions) {
    this.regions = regions;
  }

  /**
   * The most popular live items of a type, of any of {@code genres} (all genres when empty), never
   * those in {@code exclude}.
   */
  public List<ItemPopularity> mostPopular(
      Region region, String entityType, Set<String> genres, Set<UUID> exclude, int limit) {
    return top(region, entityType, genres, exclude, limit, "popularity");
  }

  /** The fastest-rising items (trend > 0), by the same filters. */
  public List<ItemPopularity> trending(
      Region region, String entityType, Set<String> genres, Set<UUID> exclude, int limit) {
    return top(region, entityType, genres, exclude, limit, "trending");
  }

  private List<ItemPopularity> top(
      Region region,
      String entityType,
      Set<String> genres,
      Set<UUID> exclude,
      int limit,
      String orderColumn) {
    // The genres' lists are merged best first, as PostgreSQL would order their union, skipping
    // exclusions and items already taken from another genre's list. A genre's list is the true
    // top of that genre, so the merge is the table's answer until a full list runs out while more
    // items are needed: what lies beyond it is unknown here, and the table answers instead.
    // (Merging instead of collecting and sorting the union, which was 10 % of a batch feed's JVM
    // samples.)
    int size = Math.max(LIST_SIZE, limit + TOP_MARGIN);
    Comparator<ItemPopularity> order = orderColumn.equals("trending") ? BY_TRENDING : BY_POPULARITY;
    var lists = new ArrayList<List<ItemPopularity>>();
    for (String genre : genres.isEmpty() ? Set.of(ALL_GENRES) : genres) {
      lists.add(tops.get(new TopKey(region, entityType, orderColumn, genre, size)));
    }
    int[] next = new int[lists.size()];
    var taken = new HashSet<UUID>();
    var merged = new ArrayList<ItemPopularity>(limit);
    while (merged.size() < limit) {
      int best = -1;
      for (int l = 0; l < lists.size(); l++) {
        List<ItemPopularity> list = lists.get(l);
        while (next[l] < list.size()
            && (exclude.contains(list.get(next[l]).entityId())
                || taken.contains(list.get(next[l]).entityId()))) {
          next[l]++;
        }
        if (next[l] == list.size()) {
          if (list.size() == size) {
            return uncached(region, entityType, genres, exclude, limit, orderColumn);
          }
          continue; // the genre has no more items
        }
        if (best < 0 || order.compare(list.get(next[l]), lists.get(best).get(next[best])) < 0) {
          best = l;
        }
      }
      if (best < 0) {
        break;
      }
      ItemPopularity row = lists.get(best).get(next[best]++);
      taken.add(row.entityId());
      merged.add(row);
    }
    return merged;
  }

  /** The table's order of each list: best first, ties by id as PostgreSQL orders uuids. */
  private static final Comparator<ItemPopularity> BY_POPULARITY =
      Comparator.comparingDouble((ItemPopularity p) -> -p.popularity())
          .thenComparing(ItemPopularity::entityId, PopularityStore::compareAsPostgres);

  private static final Comparator<ItemPopularity> BY_TRENDING =
      Comparator.comparingDouble((ItemPopularity p) -> -p.trending())
          .thenComparing(ItemPopularity::entityId, PopularityStore::compareAsPostgres);

  /**
   * Loads every genre's lists, of every type and order, in both regions, in the background once the
   * server is up: otherwise the first users after a start wait for the lists of their genres (up to
   * 30 queries; the cold start's P95 tail in docs/BENCHMARKS.md).
   */
  @EventListener(ApplicationReadyEvent.class)
  void warmUpInBackground() {
    Thread.ofVirtual().name("popularity-warm-up").start(this::warmUp);
    watcher =
        Thread.ofPlatform().daemon().name("popularity-version-check").start(this::watchVersions);
  }

  @PreDestroy
  void stopWatching() {
    Thread w = watcher;
    if (w != null) {
      w.interrupt();
    }
  }

  /** Reloads the lists whenever a region's table was computed again (by any node). */
  private void watchVersions() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Duration.ofSeconds(VERSION_CHECK_SECONDS));
        reloadIfChanged();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Popularity version check failed (lists kept as they are): {}", e.getMessage());
      }
    }
  }

  /** Reloads every list held when a region's table changed since it was last seen here. */
  void reloadIfChanged() {
    boolean changed = false;
    for (Region region : Region.values()) {
      Optional<Instant> now = version(region);
      Optional<Instant> seen = versions.put(region, now);
      changed |= seen != null && !seen.equals(now);
    }
    if (changed) {
      log.info("Popularity table recomputed elsewhere: reloading the top lists");
      reload();
    }
  }

  private Optional<Instant> version(Region region) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT max(computed_at) FROM item_popularity")
        .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .single();
  }

  void warmUp() {
    long start = System.nanoTime();
    int lists = 0;
    try {
      for (Region region : Region.values()) {
        versions.put(region, version(region));
        lists += loadEveryGenre(region, LIST_SIZE).size();
      }
      log.info(
          "Popularity top lists loaded: {} in {} ms",
          lists,
          (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      log.warn("Popularity top lists not loaded ahead ({} so far): {}", lists, e.getMessage());
    }
  }

  /**
   * Loads the lists of {@code size} of every genre, type and order of a region, plus the all-genres
   * ones, and returns their keys. Each genre's list is read with a window over one scan of a type's
   * rows, six queries per region: one query per list (about 2,000 per region on {@code large})
   * spent 84–87 s at a start whenever the planner walked the popularity index for a rare genre
   * (docs/BENCHMARKS.md).
   */
  private Set<TopKey> loadEveryGenre(Region region, int size) {
    var loaded = new HashSet<TopKey>();
    for (String type : TYPES) {
      for (String order : ORDERS) {
        var byGenre = new HashMap<TopKey, List<ItemPopularity>>();
        regions
            .database(region)
            .jdbc()
            .sql(
                "SELECT entity_type, entity_id, genres, popularity, trending, g FROM (SELECT g,"
                    + " p.*, row_number() OVER (PARTITION BY g ORDER BY "
                    + order
                    + " DESC, entity_id) AS r FROM item_popularity p, unnest(p.genres) AS g"
                    + " WHERE entity_type = ?"
                    + (order.equals("trending") ? TRENDING_ONLY : "")
                    + ") ranked WHERE r <= ? ORDER BY g, r")
            .params(type, size)
            .query(
                rs -> {
                  var key = new TopKey(region, type, order, rs.getString(6), size);
                  byGenre.computeIfAbsent(key, k -> new ArrayList<>()).add(row(rs));
                });
        byGenre.forEach((key, list) -> tops.put(key, List.copyOf(list)));
        var all = new TopKey(region, type, order, ALL_GENRES, size);
        tops.put(all, uncached(region, type, Set.of(), Set.of(), size, order));
        loaded.addAll(byGenre.keySet());
        loaded.add(all);
      }
    }
    return loaded;
  }

  /** The list of {@link #LIST_SIZE} held for a genre, type and order, or null if none is held. */
  @Nullable List<ItemPopularity> held(
      Region region, String entityType, String order, String genre) {
    return tops.getIfPresent(new TopKey(region, entityType, order, genre, LIST_SIZE));
  }

  /** The table was just replaced: every list this node holds is read again now. */
  void reload() {
    for (Region region : Region.values()) {
      versions.put(region, version(region));
    }
    rows.invalidateAll();
    // lists are replaced, not dropped first: a ranking meanwhile reads the old list, not the table
    var held = Set.copyOf(tops.asMap().keySet());
    var fresh = new HashSet<TopKey>();
    for (Region region : Region.values()) {
      fresh.addAll(loadEveryGenre(region, LIST_SIZE));
    }
    for (TopKey key : held) {
      if (!fresh.contains(key)) {
        tops.put(key, load(key));
      }
    }
  }

  /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} signs them. */
  static int compareAsPostgres(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  private List<ItemPopularity> load(TopKey key) {
    Set<String> genres = key.genre().equals(ALL_GENRES) ? Set.of() : Set.of(key.genre());
    return uncached(
        key.region(), key.entityType(), genres, Set.of(), key.size(), key.orderColumn());
  }

  /** The table's answer: the top of {@code orderColumn} (popularity or trending). */
  List<ItemPopularity> uncached(
      Region region,
      String entityType,
      Set<String> genres,
      Set<UUID> exclude,
      int limit,
      String orderColumn) {
    return regions
        .database(region)
        .jdbc()
        .sql(
            "SELECT entity_type, entity_id, genres, popularity, trending FROM item_popularity"
                + " WHERE entity_type = ? AND (cardinality(?::text[]) = 0 OR genres && ?::text[])"
                + " AND NOT (entity_id = ANY(?))"
                + (orderColumn.equals("trending") ? TRENDING_ONLY : "")
                + " ORDER BY "
                + orderColumn
                + " DESC, entity_id LIMIT ?")
        .params(
            entityType,
            genres.toArray(String[]::new),
            genres.toArray(String[]::new),
            exclude.toArray(UUID[]::new),
            limit)
        .query((rs, n) -> row(rs))
        .list();
  }

  /**
   * The rows of {@code ids}, by id; items never computed are absent. Rows are kept in memory like
   * the top lists (a ranking reads some hundreds), until the next refresh or for ten minutes.
   */
  public Map<UUID, ItemPopularity> of(Region region, String entityType, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    var keys = ids.stream().map(id -> RegionalItem.of(region, entityType, id)).toList();
    var found = new HashMap<UUID, ItemPopularity>();
    rows.getAll(keys, missing -> read(region, entityType, missing))
        .forEach((key, row) -> found.put(key.id(), row));
    return found;
  }

  private Map<RegionalItem, ItemPopularity> read(
      Region region, String entityType, Set<? extends RegionalItem> keys) {
    var read = new HashMap<RegionalItem, ItemPopularity>();
    regions
        .database(region)
        .jdbc()
        .sql(
            "SELECT entity_type, entity_id, genres, popularity, trending FROM item_popularity"
                + " WHERE entity_type = ? AND entity_id = ANY(?)")
        .params(entityType, keys.stream().map(RegionalItem::id).toArray(UUID[]::new))
        .query((rs, n) -> row(rs))
        .list()
        .forEach(row -> read.put(RegionalItem.of(region, entityType, row.entityId()), row));
    return read;
  }

  private static ItemPopularity row(ResultSet rs) throws SQLException {
    return new ItemPopularity(
        rs.getString(1),
        rs.getObject(2, UUID.class),
        List.of((String[]) rs.getArray(3).getArray()),
        rs.getDouble(4),
        rs.getDouble(5));
  }
}
