package fm.seda.vectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalItem;
import fm.seda.vectors.internal.VectorRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Reads stored vectors by id, whichever adapter serves searches: the database is the truth both
 * adapters write first. For computing with vectors (taste means, feature similarities), not for
 * searching.
 *
 * <p>Catalog vectors (artists, playlists, rooms) read by id are kept in memory for {@link #KEEP}:
 * every feed ranking reads a few hundred of them, and they change only when the catalog is
 * re-embedded. This node's own writes replace its copies at once ({@link #forget}); another node's
 * copies of a re-embedded item are at most {@link #KEEP} old, and a similarity that old is a
 * feature's, not a search's, so it is harmless. Users' taste vectors are kept the same way when
 * read as other users' (people proposed to someone: the nightly batch read each candidate's taste
 * twice per ranking; keeping them cut the rows it fetched by 70 %, with the database's time for
 * them from 56 to 22 s in four minutes), but a user's own taste is read with {@link #fetchCurrent},
 * which always goes to the database: a recompute must show at once. Similarities are computed by
 * their users from these vectors, whichever adapter (the nightly batch reads each item's vector
 * once per page of users): on {@code real[]} columns the database's own arithmetic (unnest, sum)
 * took 160 ms of a feed's 290 ms on the medium world (docs/BENCHMARKS.md).
 */
@Service
public class StoredVectors {

  /**
   * How long a read vector is kept: 30 minutes, longer than a nightly batch on {@code large} runs
   * (11-17 min). With 5 minutes, the batch read every catalog vector it used about three times: 1.2
   * million rows in 400,000 queries, 125 s of PostgreSQL's time in a 1,001-s run
   * (docs/BENCHMARKS.md, fifth session).
   */
  static final Duration KEEP = Duration.ofMinutes(30);

  private static final java.util.Set<String> CACHED_TYPES =
      java.util.Set.of("artist", "playlist", "room", "user_taste");

  private final RegionRouter regions;
  private final VectorRows rows;
  private final Cache<RegionalItem, FetchedVector> catalog;

  /**
   * @param cacheSize catalog vectors kept ({@code seda.vectors.catalog-cache-size}): a count (the
   *     default 100,000), or {@code auto} for as many as a quarter of the heap holds. A node
   *     running the nightly batch over a large catalog wants {@code auto}: with 100,000 kept on
   *     {@code large}, reading and decoding the misses was 4.4 % of a batch feed's time. It is not
   *     the default because on the same world it slowed the first few hundred rankings after a
   *     start (uncached P95 107–119 ms against 93–97 ms with 100,000; docs/BENCHMARKS.md).
   */
  StoredVectors(
      RegionRouter regions,
      VectorRows rows,
      @Value("${seda.vectors.catalog-cache-size:100000}") String cacheSize) {
    this.regions = regions;
    this.rows = rows;
    this.catalog = catalogCache(cacheSize, Runtime.getRuntime().maxMemory());
  }

  /** A vector's heap cost: its floats, plus the entry, key and metadata around them. */
  static int weight(FetchedVector v) {
    return 4 * v.vector().length + 340;
  }

  static Cache<RegionalItem, FetchedVector> catalogCache(String size, long maxHeap) {
    var builder = Caffeine.newBuilder().expireAfterWrite(KEEP);
    if (size.strip().equalsIgnoreCase("auto")) {
      return builder
          .maximumWeight(maxHeap / 4)
          .weigher((RegionalItem k, FetchedVector v) -> weight(v))
          .build();
    }
    long entries;
    try {
      entries = Long.parseLong(size.strip());
    } catch (NumberFormatException e) {
      entries = -1;
    }
    if (entries < 0) {
      throw new IllegalArgumentException(
          "seda.vectors.catalog-cache-size must be a number of vectors (0 or more) or auto, got '"
              + size
              + "'");
    }
    return builder.maximumSize(entries).build();
  }

  /** The live vectors of {@code ids} of one entity type in {@code region}, by id. */
  public Map<UUID, FetchedVector> fetch(Region region, String entityType, Collection<UUID> ids) {
    if (!CACHED_TYPES.contains(entityType)) {
      return read(region, entityType, ids);
    }
    var found = new HashMap<UUID, FetchedVector>();
    var missing = new ArrayList<UUID>();
    for (UUID id : ids) {
      FetchedVector v = catalog.getIfPresent(RegionalItem.of(region, entityType, id));
      if (v == null) {
        missing.add(id);
      } else {
        found.put(id, v);
      }
    }
    read(region, entityType, missing)
        .forEach(
            (id, v) -> {
              catalog.put(RegionalItem.of(region, entityType, id), v);
              found.put(id, v);
            });
    return found;
  }

  /**
   * The live vectors of {@code ids} as the database holds them now, never a kept copy (which is
   * replaced by what was read): for a user's own taste, which must show a recompute at once.
   */
  public Map<UUID, FetchedVector> fetchCurrent(
      Region region, String entityType, Collection<UUID> ids) {
    Map<UUID, FetchedVector> read = read(region, entityType, ids);
    if (CACHED_TYPES.contains(entityType)) {
      read.forEach((id, v) -> catalog.put(RegionalItem.of(region, entityType, id), v));
    }
    return read;
  }

  /**
   * Drops the kept copies of vectors this node has just written or deleted, so that its next read
   * sees them: the vector store bean calls it for every write through it, whichever module writes.
   */
  public void forget(Region region, String entityType, Collection<UUID> ids) {
    if (CACHED_TYPES.contains(entityType)) {
      for (UUID id : ids) {
        catalog.invalidate(RegionalItem.of(region, entityType, id));
      }
    }
  }

  private Map<UUID, FetchedVector> read(Region region, String entityType, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return rows.fetchLive(regions.database(region), entityType, ids).stream()
        .collect(Collectors.toMap(FetchedVector::entityId, Function.identity()));
  }
}
