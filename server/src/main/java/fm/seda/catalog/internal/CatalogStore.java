package fm.seda.catalog.internal;

import fm.seda.catalog.CatalogItems.ArtistInput;
import fm.seda.catalog.CatalogItems.ArtistView;
import fm.seda.catalog.CatalogItems.Page;
import fm.seda.catalog.CatalogItems.PlaylistInput;
import fm.seda.catalog.CatalogItems.PlaylistView;
import fm.seda.catalog.CatalogItems.Query;
import fm.seda.catalog.CatalogItems.RoomInput;
import fm.seda.catalog.CatalogItems.RoomView;
import fm.seda.catalog.CatalogItems.UpsertResult;
import fm.seda.catalog.CatalogKind;
import fm.seda.catalog.CatalogText;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the catalog tables. Writes run once per regional database, each in a transaction. */
@Repository
public class CatalogStore {

  private static final Logger log = LoggerFactory.getLogger(CatalogStore.class);

  private final RegionRouter regions;
  private final JsonMapper json;

  CatalogStore(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
  }

  public UpsertResult upsertArtists(List<ArtistInput> items) {
    String sql =
        """
        INSERT INTO artists (id, external_id, external_ids, name, genres, popularity_score, image_url)
        VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)
        ON CONFLICT (external_id) DO UPDATE SET external_ids = EXCLUDED.external_ids,
          name = EXCLUDED.name, genres = EXCLUDED.genres, popularity_score = EXCLUDED.popularity_score,
          image_url = EXCLUDED.image_url, updated_at = now(), deleted_at = NULL
        """;
    return upsert(
        CatalogKind.ARTISTS,
        items.stream().map(ArtistInput::externalId).toList(),
        sql,
        items,
        (ps, a) -> {
          ps.setObject(1, CatalogKind.ARTISTS.idFor(a.externalId()));
          ps.setString(2, a.externalId());
          ps.setString(
              3, json.writeValueAsString(a.externalIds() == null ? Map.of() : a.externalIds()));
          ps.setString(4, a.name());
          ps.setArray(5, textArray(ps, a.genres()));
          ps.setDouble(6, a.popularity() == null ? 0 : a.popularity());
          ps.setString(7, a.imageUrl());
        });
  }

  public UpsertResult upsertPlaylists(List<PlaylistInput> items) {
    String sql =
        """
        INSERT INTO playlists (id, external_id, external_ids, name, description, provider, genres,
          artist_ids, track_count, popularity_score)
        VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (external_id) DO UPDATE SET external_ids = EXCLUDED.external_ids,
          name = EXCLUDED.name, description = EXCLUDED.description, provider = EXCLUDED.provider,
          genres = EXCLUDED.genres, artist_ids = EXCLUDED.artist_ids, track_count = EXCLUDED.track_count,
          popularity_score = EXCLUDED.popularity_score, updated_at = now(), deleted_at = NULL
        """;
    return upsert(
        CatalogKind.PLAYLISTS,
        items.stream().map(PlaylistInput::externalId).toList(),
        sql,
        items,
        (ps, p) -> {
          ps.setObject(1, CatalogKind.PLAYLISTS.idFor(p.externalId()));
          ps.setString(2, p.externalId());
          ps.setString(
              3, json.writeValueAsString(p.externalIds() == null ? Map.of() : p.externalIds()));
          ps.setString(4, p.name());
          ps.setString(5, p.description());
          ps.setString(6, p.provider() == null ? "seda" : p.provider());
          ps.setArray(7, textArray(ps, p.genres()));
          List<String> artists = p.artistExternalIds() == null ? List.of() : p.artistExternalIds();
          ps.setArray(
              8,
              ps.getConnection()
                  .createArrayOf(
                      "uuid", artists.stream().map(CatalogKind.ARTISTS::idFor).toArray()));
          ps.setInt(9, p.trackCount() == null ? 0 : p.trackCount());
          ps.setDouble(10, p.popularity() == null ? 0 : p.popularity());
        });
  }

  public UpsertResult upsertRooms(List<RoomInput> items) {
    String sql =
        """
        INSERT INTO rooms (id, external_id, name, description, genre, genres, cover_art_url,
          current_participants, is_live, popularity_score)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name,
          description = EXCLUDED.description, genre = EXCLUDED.genre, genres = EXCLUDED.genres,
          cover_art_url = EXCLUDED.cover_art_url, current_participants = EXCLUDED.current_participants,
          is_live = EXCLUDED.is_live, popularity_score = EXCLUDED.popularity_score,
          updated_at = now(), deleted_at = NULL
        """;
    return upsert(
        CatalogKind.ROOMS,
        items.stream().map(RoomInput::externalId).toList(),
        sql,
        items,
        (ps, r) -> {
          ps.setObject(1, CatalogKind.ROOMS.idFor(r.externalId()));
          ps.setString(2, r.externalId());
          ps.setString(3, r.name());
          ps.setString(4, r.description());
          ps.setString(5, r.genre());
          ps.setArray(6, textArray(ps, Objects.requireNonNull(r.genres())));
          ps.setString(7, r.coverArtUrl());
          ps.setInt(8, r.currentParticipants() == null ? 0 : r.currentParticipants());
          ps.setBoolean(9, Boolean.TRUE.equals(r.isLive()));
          ps.setDouble(10, r.popularity() == null ? 0 : r.popularity());
        });
  }

  /** External ids among {@code externalIds} that name no live artist. */
  public Set<String> missingArtists(Collection<String> externalIds) {
    if (externalIds.isEmpty()) {
      return Set.of();
    }
    var found =
        new HashSet<>(
            regions
                .local()
                .jdbc()
                .sql(
                    "SELECT external_id FROM artists WHERE external_id = ANY(?) AND deleted_at IS NULL")
                .param(externalIds.toArray(String[]::new))
                .query(String.class)
                .list());
    var missing = new java.util.LinkedHashSet<>(externalIds);
    missing.removeAll(found);
    return missing;
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(PreparedStatement ps, T item) throws SQLException;
  }

  private <T> UpsertResult upsert(
      CatalogKind kind, List<String> externalIds, String sql, List<T> items, Binder<T> binder) {
    return inEveryRegion(
        regions.all(),
        db -> {
          Integer existing =
              db.jdbc()
                  .sql("SELECT count(*) FROM " + kind.path() + " WHERE external_id = ANY(?)")
                  .param(externalIds.toArray(String[]::new))
                  .query(Integer.class)
                  .single();
          db.template().batchUpdate(sql, items, 500, binder::bind);
          return new UpsertResult(items.size(), items.size() - existing, existing);
        });
  }

  /**
   * Runs {@code write} in every region, each region's transaction nested in the previous one's, so
   * that a failure in any region rolls back all of them. Without a distributed transaction the last
   * commits can still split (one region commits, the next fails to); the upsert is idempotent, so
   * the operator's retry converges them.
   */
  private UpsertResult inEveryRegion(
      List<RegionalDatabase> dbs, Function<RegionalDatabase, UpsertResult> write) {
    RegionalDatabase db = dbs.getFirst();
    return Objects.requireNonNull(
        db.transactions()
            .execute(
                tx -> {
                  UpsertResult here = write.apply(db);
                  if (dbs.size() > 1) {
                    UpsertResult rest = inEveryRegion(dbs.subList(1, dbs.size()), write);
                    if (!rest.equals(here)) {
                      log.warn(
                          "Catalog replicas disagreed before this upsert ({} in {}, {} elsewhere); they agree now",
                          here,
                          db.region().code(),
                          rest);
                    }
                  }
                  return here;
                }));
  }

  private static Array textArray(PreparedStatement ps, List<String> values) throws SQLException {
    return ps.getConnection().createArrayOf("text", values.toArray());
  }

  public Page<ArtistView> artists(Query query) {
    return page(
        CatalogKind.ARTISTS,
        "id, external_id, name, genres, popularity_score, image_url",
        query,
        (rs, n) ->
            new ArtistView(
                rs.getObject("id", UUID.class),
                rs.getString("external_id"),
                rs.getString("name"),
                strings(rs.getArray("genres")),
                rs.getDouble("popularity_score"),
                rs.getString("image_url")));
  }

  public Page<PlaylistView> playlists(Query query) {
    return page(
        CatalogKind.PLAYLISTS,
        "id, external_id, name, description, provider, genres, artist_ids, track_count, popularity_score",
        query,
        (rs, n) ->
            new PlaylistView(
                rs.getObject("id", UUID.class),
                rs.getString("external_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("provider"),
                strings(rs.getArray("genres")),
                uuids(rs.getArray("artist_ids")),
                rs.getInt("track_count"),
                rs.getDouble("popularity_score")));
  }

  public Page<RoomView> rooms(Query query) {
    return page(
        CatalogKind.ROOMS,
        "id, external_id, name, description, genre, genres, cover_art_url, current_participants,"
            + " is_live, popularity_score",
        query,
        (rs, n) ->
            new RoomView(
                rs.getObject("id", UUID.class),
                rs.getString("external_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("genre"),
                strings(rs.getArray("genres")),
                rs.getString("cover_art_url"),
                rs.getInt("current_participants"),
                rs.getBoolean("is_live"),
                rs.getDouble("popularity_score")));
  }

  public List<CatalogText> texts(Region region, CatalogKind kind, List<UUID> ids) {
    String describe =
        switch (kind) {
          case ARTISTS -> "name || '. Genres: ' || array_to_string(genres, ', ')";
          case PLAYLISTS ->
              "name || coalesce('. ' || description, '') || '. Genres: ' || array_to_string(genres, ', ')";
          case ROOMS ->
              "name || coalesce('. ' || description, '') || '. Genres: ' || array_to_string(genres, ', ')";
        };
    return regions
        .database(region)
        .jdbc()
        .sql(
            "SELECT id, "
                + describe
                + ", genres FROM "
                + kind.path()
                + " WHERE id = ANY(?) AND deleted_at IS NULL ORDER BY id")
        .param(ids.toArray(UUID[]::new))
        .query(
            (rs, n) ->
                new CatalogText(
                    rs.getObject(1, UUID.class), rs.getString(2), strings(rs.getArray(3))))
        .list();
  }

  public long count(CatalogKind kind) {
    return regions
        .local()
        .jdbc()
        .sql("SELECT count(*) FROM " + kind.path() + " WHERE deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  /**
   * Keyset pagination over (popularity desc, id desc): stable under inserts and as fast on page
   * 1000 as on page 1, unlike OFFSET.
   */
  private <T> Page<T> page(CatalogKind kind, String columns, Query query, RowMapper<T> mapper) {
    var sql =
        new StringBuilder(
            "SELECT " + columns + ", popularity_score AS cursor_pop FROM " + kind.path());
    sql.append(" WHERE deleted_at IS NULL");
    Map<String, Object> params = new LinkedHashMap<>();
    if (query.genre() != null) {
      sql.append(" AND genres @> ARRAY[:genre]::text[]");
      params.put("genre", query.genre());
    }
    if (query.q() != null) {
      sql.append(" AND name ILIKE :pattern");
      params.put("pattern", "%" + escapeLike(query.q()) + "%");
    }
    PageCursor cursor = query.cursor() == null ? null : PageCursor.decode(query.cursor());
    if (cursor != null) {
      sql.append(" AND (popularity_score, id) < (:cursorPopularity, :cursorId)");
      params.put("cursorPopularity", cursor.popularity());
      params.put("cursorId", cursor.id());
    }
    sql.append(" ORDER BY popularity_score DESC, id DESC LIMIT :limit");
    params.put("limit", query.limit() + 1);
    List<Row<T>> rows =
        regions
            .local()
            .jdbc()
            .sql(sql.toString())
            .params(params)
            .query(
                (rs, n) ->
                    new Row<>(
                        mapper.mapRow(rs, n),
                        rs.getDouble("cursor_pop"),
                        rs.getObject("id", UUID.class)))
            .list();
    @Nullable String next = null;
    if (rows.size() > query.limit()) {
      Row<T> last = rows.get(query.limit() - 1);
      next = new PageCursor(last.popularity(), last.id()).encode();
      rows = rows.subList(0, query.limit());
    }
    return new Page<>(rows.stream().map(Row::item).toList(), next);
  }

  private record Row<T>(T item, double popularity, UUID id) {}

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static List<String> strings(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return new ArrayList<>(Arrays.asList((UUID[]) array.getArray()));
  }
}
