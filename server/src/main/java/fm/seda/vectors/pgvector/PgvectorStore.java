package fm.seda.vectors.pgvector;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import fm.seda.vectors.internal.VectorRows;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * pgvector: one HNSW index per entity type and dimension (m = 16, ef_construction = 200, cosine),
 * created when the first vector of that space arrives, as a partial expression index so a typed
 * query can use it on the untyped {@code embedding} column.
 *
 * <p>Filtered search: the filter is part of the SQL, and pgvector 0.8's iterative index scan keeps
 * walking the graph until {@code k} rows pass it. When the filter leaves only a few thousand rows,
 * walking the graph would mostly find rows the filter throws away, so the query runs exactly
 * instead (index scans off, an ordered scan of the filtered rows).
 */
public final class PgvectorStore implements VectorStore {

  /** At or under this many filtered rows, exact search is both cheaper and exact. */
  static final int EXACT_BELOW = 2000;

  private static final Pattern SAFE_TYPE = Pattern.compile("[a-z_]{1,32}");

  /** pgvector's own upper bound for {@code hnsw.ef_search}. */
  static final int MAX_EF_SEARCH = 1000;

  private final RegionRouter regions;
  private final VectorRows rows;
  private final int defaultEfSearch;
  private final Set<String> indexed = ConcurrentHashMap.newKeySet();

  /** With the seed's ef_search of 64 as the default. */
  public PgvectorStore(RegionRouter regions, VectorRows rows) {
    this(regions, rows, VectorQuery.SEED_EF_SEARCH);
  }

  /**
   * {@code defaultEfSearch} replaces the seed's 64 for queries that ask for the default ({@link
   * VectorQuery#nearest}, or {@code efSearch} = {@link VectorQuery#DEFAULT_EF_SEARCH}); a query
   * with any other value gets that value.
   */
  public PgvectorStore(RegionRouter regions, VectorRows rows, int defaultEfSearch) {
    if (defaultEfSearch < 1 || defaultEfSearch > MAX_EF_SEARCH) {
      throw new IllegalArgumentException(
          "seda.vectors.ef-search must be 1.." + MAX_EF_SEARCH + ", got " + defaultEfSearch);
    }
    this.regions = regions;
    this.rows = rows;
    this.defaultEfSearch = defaultEfSearch;
  }

  /** The ef_search a query runs with: its own, or this store's default when it asks for that. */
  int efSearch(VectorQuery query) {
    int ef = query.efSearch() == VectorQuery.DEFAULT_EF_SEARCH ? defaultEfSearch : query.efSearch();
    return Math.min(MAX_EF_SEARCH, Math.max(ef, query.k()));
  }

  @Override
  public String adapter() {
    return "pgvector";
  }

  @Override
  public void upsert(Region region, List<StoredVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    RegionalDatabase db = regions.database(region);
    rows.persist(db, vectors, true);
    vectors.stream()
        .map(v -> v.entityType() + "/" + v.meta().dim())
        .distinct()
        .forEach(space -> ensureIndex(db, space));
  }

  private void ensureIndex(RegionalDatabase db, String space) {
    String key = db.region().code() + "/" + space;
    if (indexed.contains(key)) {
      return;
    }
    String type = space.substring(0, space.indexOf('/'));
    int dim = Integer.parseInt(space.substring(space.indexOf('/') + 1));
    if (!SAFE_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "entity type '" + type + "' is not a valid index name part");
    }
    // identifiers cannot be bind parameters; type is checked above and dim is an int
    db.jdbc()
        .sql(
            "CREATE INDEX IF NOT EXISTS entity_vectors_hnsw_"
                + type
                + "_"
                + dim
                + " ON entity_vectors USING hnsw"
                + " ((embedding::vector("
                + dim
                + ")) vector_cosine_ops) WITH (m = 16, ef_construction = 200)"
                + " WHERE entity_type = '"
                + type
                + "' AND (embedding_meta->>'dim')::int = "
                + dim)
        .update();
    indexed.add(key);
  }

  @Override
  public void delete(Region region, String entityType, Collection<UUID> ids) {
    rows.tombstone(regions.database(region), entityType, ids);
  }

  @Override
  public List<Neighbour> search(Region region, VectorQuery query) {
    RegionalDatabase db = regions.database(region);
    int dim = query.vector().length;
    if (!SAFE_TYPE.matcher(query.entityType()).matches()) {
      throw new IllegalArgumentException("unknown entity type '" + query.entityType() + "'");
    }
    String vector = VectorRows.literal(query.vector(), true);
    String where =
        " WHERE entity_type = '"
            + query.entityType()
            + "' AND (embedding_meta->>'dim')::int = "
            + dim
            + " AND deleted_at IS NULL AND (cardinality(?::text[]) = 0 OR tags && ?::text[])"
            + " AND NOT (entity_id = ANY(?::uuid[]))";
    String[] tags = query.anyTags().toArray(String[]::new);
    UUID[] exclude = query.exclude().toArray(UUID[]::new);
    return db.transactions()
        .execute(
            tx -> {
              boolean filtered = tags.length > 0 || exclude.length > 0;
              boolean exact =
                  filtered
                      && db.jdbc()
                              .sql(
                                  "SELECT count(*) FROM (SELECT 1 FROM entity_vectors"
                                      + where
                                      + " LIMIT "
                                      + (EXACT_BELOW + 1)
                                      + ") f")
                              .params(tags, tags, exclude)
                              .query(Integer.class)
                              .single()
                          <= EXACT_BELOW;
              if (exact) {
                db.jdbc().sql("SET LOCAL enable_indexscan = off").update();
              } else {
                db.jdbc().sql("SET LOCAL hnsw.ef_search = " + efSearch(query)).update();
                db.jdbc().sql("SET LOCAL hnsw.iterative_scan = relaxed_order").update();
              }
              String distance = "embedding::vector(" + dim + ") <=> ?::vector(" + dim + ")";
              List<Neighbour> found =
                  db.jdbc()
                      .sql(
                          "SELECT entity_id, 1 - ("
                              + distance
                              + ") AS similarity FROM entity_vectors"
                              + where
                              + " ORDER BY "
                              + distance
                              + " LIMIT "
                              + query.k())
                      .params(vector, tags, tags, exclude, vector)
                      .query((rs, n) -> new Neighbour(rs.getObject(1, UUID.class), rs.getDouble(2)))
                      .list();
              // relaxed_order may return rows slightly out of order; the contract is best first
              return found.stream()
                  .sorted((a, b) -> Double.compare(b.similarity(), a.similarity()))
                  .toList();
            });
  }
}
