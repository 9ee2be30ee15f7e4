package fm.seda.candidates.popularity;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads {@code item_popularity}: top items per genre or globally, and lookups by id. */
@Component
public class PopularityStore {

  private final RegionRouter regions;

  PopularityStore(RegionRouter regions) {
    this.regions = regions;
  }

  /**
   * The most popular live items of a type, of any of {@code genres} (all genres when empty), never
   * those in {@code exclude}.
   */
  public List<ItemPopularity> mostPopular(
      Region region, String entityType, Set<String> genres, Set<UUID> exclude, int limit) {
    return top(region, entityType, genres, exclude, limit, "popularity", "");
  }

  /** The fastest-rising items (trend > 0), by the same filters. */
  public List<ItemPopularity> trending(
      Region region, String entityType, Set<String> genres, Set<UUID> exclude, int limit) {
    return top(region, entityType, genres, exclude, limit, "trending", " AND trending > 0");
  }

  private List<ItemPopularity> top(
      Region region,
      String entityType,
      Set<String> genres,
      Set<UUID> exclude,
      int limit,
      String orderColumn,
      String extra) {
    return regions
        .database(region)
        .jdbc()
        .sql(
            "SELECT entity_type, entity_id, genres, popularity, trending FROM item_popularity"
                + " WHERE entity_type = ? AND (cardinality(?::text[]) = 0 OR genres && ?::text[])"
                + " AND NOT (entity_id = ANY(?))"
                + extra
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

  /** The rows of {@code ids}, by id; items never computed are absent. */
  public Map<UUID, ItemPopularity> of(Region region, String entityType, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return regions
        .database(region)
        .jdbc()
        .sql(
            "SELECT entity_type, entity_id, genres, popularity, trending FROM item_popularity"
                + " WHERE entity_type = ? AND entity_id = ANY(?)")
        .params(entityType, ids.toArray(UUID[]::new))
        .query((rs, n) -> row(rs))
        .list()
        .stream()
        .collect(Collectors.toMap(ItemPopularity::entityId, Function.identity()));
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
