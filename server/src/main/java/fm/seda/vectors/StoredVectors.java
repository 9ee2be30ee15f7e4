package fm.seda.vectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.internal.VectorRows;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Reads stored vectors by id, whichever adapter serves searches: the database is the truth both
 * adapters write first. For computing with vectors (taste means, feature similarities), not for
 * searching.
 *
 * <p>Catalog vectors (artists, playlists, rooms) read by id are kept in memory for a few minutes:
 * every feed ranking reads a few hundred of them, they change only when the catalog is re-embedded,
 * and a similarity a few minutes old is harmless for a feature. Users' taste vectors are never kept
 * (a recompute must show at once). Without pgvector, similarities are computed here from those
 * vectors: on {@code real[]} columns the database's own arithmetic (unnest, sum) took 160 ms of a
 * feed's 290 ms on the medium world (docs/BENCHMARKS.md).
 */
@Service
public class StoredVectors {

  private static final java.util.Set<String> CACHED_TYPES =
      java.util.Set.of("artist", "playlist", "room");

  record Key(Region region, String entityType, UUID id) {}

  private final RegionRouter regions;
  private final VectorRows rows;
  private final Cache<Key, FetchedVector> catalog;

  /** How each region stores vectors; it does not change while running. */
  private final Map<Region, Boolean> pgvectorColumns = new ConcurrentHashMap<>();

  /**
   * @param cacheSize catalog vectors kept ({@code seda.vectors.catalog-cache-size}): a count, or
   *     {@code auto} (the default) for as many as a quarter of the heap holds. The nightly batch
   *     reads most of a large catalog's vectors, and every one not kept is a database read: with
   *     100,000 kept (the old default) on {@code large}, reading and decoding the misses was 4.4 %
   *     of a batch feed's time (docs/BENCHMARKS.md).
   */
  StoredVectors(
      RegionRouter regions,
      VectorRows rows,
      @Value("${seda.vectors.catalog-cache-size:auto}") String cacheSize) {
    this.regions = regions;
    this.rows = rows;
    this.catalog = catalogCache(cacheSize, Runtime.getRuntime().maxMemory());
  }

  /** A vector's heap cost: its floats, plus the entry, key and metadata around them. */
  static int weight(FetchedVector v) {
    return 4 * v.vector().length + 320;
  }

  static Cache<Key, FetchedVector> catalogCache(String size, long maxHeap) {
    var builder = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5));
    if (size.strip().equalsIgnoreCase("auto")) {
      return builder
          .maximumWeight(maxHeap / 4)
          .weigher((Key k, FetchedVector v) -> weight(v))
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

  /**
   * The cosine similarity of {@code query} to each stored live vector of {@code ids} of one entity
   * type in {@code region}, computed where the vectors are; ids without a vector of the query's
   * dimension are absent.
   */
  public Map<UUID, Double> similarities(
      Region region, String entityType, Collection<UUID> ids, float[] query) {
    RegionalDatabase db = regions.database(region);
    boolean pgvector = pgvectorColumns.computeIfAbsent(region, r -> rows.isPgvector(db));
    if (pgvector) {
      return rows.similarities(db, true, entityType, ids, query);
    }
    var found = new java.util.HashMap<UUID, Double>();
    double queryNorm = norm(query);
    if (queryNorm == 0) {
      return found;
    }
    for (FetchedVector v : fetch(region, entityType, ids).values()) {
      float[] x = v.vector();
      if (x.length != query.length) {
        continue;
      }
      double dot = 0;
      for (int i = 0; i < x.length; i++) {
        dot += (double) x[i] * query[i];
      }
      double n = norm(x);
      found.put(v.entityId(), n == 0 ? 0 : dot / (n * queryNorm));
    }
    return found;
  }

  /** The live vectors of {@code ids} of one entity type in {@code region}, by id. */
  public Map<UUID, FetchedVector> fetch(Region region, String entityType, Collection<UUID> ids) {
    if (!CACHED_TYPES.contains(entityType)) {
      return read(region, entityType, ids);
    }
    var found = new java.util.HashMap<UUID, FetchedVector>();
    var missing = new java.util.ArrayList<UUID>();
    for (UUID id : ids) {
      FetchedVector v = catalog.getIfPresent(new Key(region, entityType, id));
      if (v == null) {
        missing.add(id);
      } else {
        found.put(id, v);
      }
    }
    read(region, entityType, missing)
        .forEach(
            (id, v) -> {
              catalog.put(new Key(region, entityType, id), v);
              found.put(id, v);
            });
    return found;
  }

  private Map<UUID, FetchedVector> read(Region region, String entityType, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return rows.fetchLive(regions.database(region), entityType, ids).stream()
        .collect(Collectors.toMap(FetchedVector::entityId, Function.identity()));
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
