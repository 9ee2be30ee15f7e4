package fm.seda.recommendations.internal;

import fm.seda.recommendations.Block;
import fm.seda.recommendations.DismissMode;
import fm.seda.recommendations.FeedItem;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for feeds, recommendation rows and dismissals. Every table here is personal: it is read and
 * written in the database of the user's region.
 */
@Component
class FeedStore {

  private final RegionRouter regions;
  private final JsonMapper json;

  FeedStore(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
  }

  /** A recommendation row to write: the card carries the row's id. */
  record NewRow(FeedItem item, String modelVersion, RowContext context) {}

  /** A stored recommendation row. */
  record StoredRow(
      UUID id,
      UUID userId,
      String entityType,
      UUID entityId,
      double score,
      String modelVersion,
      String source,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Integer rank,
      RowContext context) {}

  Optional<Snapshot> snapshot(RegionalDatabase db, UUID userId, String surface) {
    return db.jdbc()
        .sql(
            "SELECT batch_id, source, computed_at, expires_at, stale, header FROM feed_snapshots"
                + " WHERE user_id = ? AND surface = ?")
        .params(userId, surface)
        .query(
            (rs, n) ->
                new Snapshot(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getTimestamp(4).toInstant(),
                    rs.getBoolean(5),
                    json.readValue(rs.getString(6), FeedHeader.class)))
        .optional();
  }

  /** The rows of one ranked feed, by rank within their module. */
  List<StoredRow> batch(RegionalDatabase db, UUID batchId) {
    return db.jdbc()
        .sql(ROW_COLUMNS + " WHERE batch_id = ? ORDER BY rank, id")
        .param(batchId)
        .query(this::row)
        .list();
  }

  Optional<StoredRow> row(RegionalDatabase db, UUID recommendationId) {
    return db.jdbc()
        .sql(ROW_COLUMNS + " WHERE id = ?")
        .param(recommendationId)
        .query(this::row)
        .optional();
  }

  /** A ranked feed to store: its user, snapshot and rows. */
  record NewFeed(UUID userId, Snapshot snapshot, List<NewRow> rows) {}

  /** Writes a ranked feed's rows and makes it the user's feed for the surface, atomically. */
  void save(
      RegionalDatabase db, UUID userId, String surface, Snapshot snapshot, List<NewRow> rows) {
    saveAll(db, surface, List.of(new NewFeed(userId, snapshot, rows)));
  }

  /**
   * Writes several users' ranked feeds and makes each its user's feed for the surface, in one
   * transaction: the nightly batch writes a page of users at a time (one commit instead of
   * hundreds).
   */
  void saveAll(RegionalDatabase db, String surface, List<NewFeed> feeds) {
    db.requireLocalOwners(feeds.stream().map(NewFeed::userId).toList(), "recommendations");
    db.transactions()
        .executeWithoutResult(
            tx -> {
              int from = 0;
              while (from < feeds.size()) {
                int to = from;
                int rows = 0;
                while (to < feeds.size() && rows < ROWS_PER_INSERT) {
                  rows += feeds.get(to++).rows().size();
                }
                insertRows(db, surface, feeds.subList(from, to));
                from = to;
              }
              db.template()
                  .batchUpdate(
                      "INSERT INTO feed_snapshots (user_id, surface, batch_id, source, computed_at,"
                          + " expires_at, stale, header) VALUES (?, ?, ?, ?, ?, ?, false, ?::jsonb)"
                          + " ON CONFLICT (user_id, surface) DO UPDATE SET batch_id ="
                          + " excluded.batch_id, source = excluded.source, computed_at ="
                          + " excluded.computed_at, expires_at = excluded.expires_at, stale = false,"
                          + " header = excluded.header",
                      feeds,
                      500,
                      (PreparedStatement ps, NewFeed f) -> {
                        Snapshot snapshot = f.snapshot();
                        ps.setObject(1, f.userId());
                        ps.setString(2, surface);
                        ps.setObject(3, snapshot.batchId());
                        ps.setString(4, snapshot.source());
                        ps.setTimestamp(5, Timestamp.from(snapshot.computedAt()));
                        ps.setTimestamp(6, Timestamp.from(snapshot.expiresAt()));
                        ps.setString(7, json.writeValueAsString(snapshot.header()));
                      });
            });
  }

  /**
   * Rows per recommendations insert: each is one statement whose rows the residency guard checks
   * together, and whose new rows it holds in memory meanwhile (~1.4 kB each, under work_mem).
   */
  static final int ROWS_PER_INSERT = 1_000;

  /**
   * Inserts the rows of {@code feeds} in one statement, each column an array: the nightly batch
   * writes 50 rows a user, and the residency guard checks a statement's rows together (V14). As a
   * JDBC batch (which the driver rewrote into inserts of up to 256 rows) each row cost 95 µs of
   * PostgreSQL, ~40 % of it the guard's row trigger; now 63-72 µs (docs/BENCHMARKS.md, fifth
   * session).
   */
  private void insertRows(RegionalDatabase db, String surface, List<NewFeed> feeds) {
    int count = 0;
    for (NewFeed feed : feeds) {
      count += feed.rows().size();
    }
    var ids = new UUID[count];
    var users = new UUID[count];
    var types = new String[count];
    var entities = new UUID[count];
    var scores = new double[count];
    var models = new String[count];
    var sources = new String[count];
    var contexts = new String[count];
    var created = new String[count];
    var expires = new String[count];
    var batches = new UUID[count];
    var ranks = new int[count];
    int i = 0;
    for (NewFeed feed : feeds) {
      Snapshot snapshot = feed.snapshot();
      String computedAt = snapshot.computedAt().toString();
      String expiresAt = snapshot.expiresAt().toString();
      for (NewRow row : feed.rows()) {
        FeedItem item = row.item();
        ids[i] = item.recommendationId();
        users[i] = feed.userId();
        types[i] = item.entityType();
        entities[i] = item.entityId();
        scores[i] = item.score();
        models[i] = row.modelVersion();
        sources[i] = snapshot.source();
        contexts[i] = json.writeValueAsString(row.context());
        created[i] = computedAt;
        expires[i] = expiresAt;
        batches[i] = snapshot.batchId();
        ranks[i] = item.rank();
        i++;
      }
    }
    db.jdbc()
        .sql(
            "INSERT INTO recommendations (id, user_id, entity_type, entity_id, score, model_version,"
                + " source, context, created_at, expires_at, batch_id, surface, rank)"
                + " SELECT id, user_id, entity_type, entity_id, score, model_version, source,"
                + " context::json, created_at::timestamptz, expires_at::timestamptz, batch_id, ?,"
                + " rank FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::float8[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::int[])"
                + " AS r(id, user_id, entity_type, entity_id, score, model_version, source,"
                + " context, created_at, expires_at, batch_id, rank)")
        .params(
            surface, ids, users, types, entities, scores, models, sources, contexts, created,
            expires, batches, ranks)
        .update();
  }

  /** The user's signals changed: their stored feeds are ranked again on the next request. */
  void markStale(RegionalDatabase db, UUID userId) {
    db.jdbc()
        .sql("UPDATE feed_snapshots SET stale = true WHERE user_id = ?")
        .param(userId)
        .update();
  }

  /** Items each user dismissed or blocked that are still away now, by user. */
  Map<UUID, Set<UUID>> suppressed(RegionalDatabase db, Collection<UUID> userIds) {
    return db.valuesByUser(
        "SELECT user_id, entity_id FROM dismissals WHERE user_id = ANY(?)"
            + " AND revoked_at IS NULL AND (until IS NULL OR until > now())",
        UUID.class,
        (Object) userIds.toArray(UUID[]::new));
  }

  /** Items the user dismissed or blocked that are still away now. */
  Set<UUID> suppressed(RegionalDatabase db, UUID userId) {
    return suppressed(db, List.of(userId)).getOrDefault(userId, Set.of());
  }

  /** A dismissal as stored. */
  record DismissalRow(
      UUID id,
      @Nullable UUID recommendationId,
      String entityType,
      UUID entityId,
      DismissMode mode,
      Instant dismissedAt,
      @Nullable Instant until) {}

  /**
   * Records a dismissal of a recommended item; dismissing an item again replaces the mode (a user
   * turning "hide" into "never"), keeping a single active dismissal per item.
   */
  DismissalRow dismiss(
      RegionalDatabase db,
      UUID userId,
      StoredRow row,
      DismissMode mode,
      Instant now,
      @Nullable Instant until) {
    return db.transactions()
        .execute(
            tx -> {
              db.jdbc()
                  .sql(
                      "UPDATE dismissals SET revoked_at = ?, revoked_by = 'undo' WHERE user_id = ?"
                          + " AND entity_id = ? AND revoked_at IS NULL")
                  .params(Timestamp.from(now), userId, row.entityId())
                  .update();
              DismissalRow created =
                  db.jdbc()
                      .sql(
                          "INSERT INTO dismissals (user_id, recommendation_id, entity_type,"
                              + " entity_id, mode, dismissed_at, until) VALUES (?, ?, ?, ?, ?, ?, ?)"
                              + " RETURNING "
                              + DISMISSAL_COLUMNS)
                      .params(
                          userId,
                          row.id(),
                          row.entityType(),
                          row.entityId(),
                          mode.code(),
                          Timestamp.from(now),
                          until == null ? null : Timestamp.from(until))
                      .query(this::dismissal)
                      .single();
              db.jdbc()
                  .sql(
                      "UPDATE recommendations SET dismissed = true, dismissed_mode = ?,"
                          + " dismissed_at = ?, dismissed_until = ? WHERE id = ?")
                  .params(
                      mode.code(),
                      Timestamp.from(now),
                      until == null ? null : Timestamp.from(until),
                      row.id())
                  .update();
              return created;
            });
  }

  /** The active dismissal made from this recommendation, if any. */
  Optional<DismissalRow> activeDismissal(RegionalDatabase db, UUID userId, UUID recommendationId) {
    return db.jdbc()
        .sql(
            "SELECT "
                + DISMISSAL_COLUMNS
                + " FROM dismissals WHERE user_id = ? AND recommendation_id = ?"
                + " AND revoked_at IS NULL ORDER BY dismissed_at DESC LIMIT 1")
        .params(userId, recommendationId)
        .query(this::dismissal)
        .optional();
  }

  /** Revokes a dismissal and clears the recommendation row's flags. */
  void revoke(RegionalDatabase db, DismissalRow dismissal, String by, Instant now) {
    db.transactions()
        .executeWithoutResult(
            tx -> {
              db.jdbc()
                  .sql("UPDATE dismissals SET revoked_at = ?, revoked_by = ? WHERE id = ?")
                  .params(Timestamp.from(now), by, dismissal.id())
                  .update();
              if (dismissal.recommendationId() != null) {
                db.jdbc()
                    .sql(
                        "UPDATE recommendations SET dismissed = false, dismissed_mode = NULL,"
                            + " dismissed_at = NULL, dismissed_until = NULL WHERE id = ?")
                    .param(dismissal.recommendationId())
                    .update();
              }
            });
  }

  List<DismissalRow> blocks(RegionalDatabase db, UUID userId) {
    return db.jdbc()
        .sql(
            "SELECT "
                + DISMISSAL_COLUMNS
                + " FROM dismissals WHERE user_id = ? AND mode = 'never' AND revoked_at IS NULL"
                + " ORDER BY dismissed_at DESC")
        .param(userId)
        .query(this::dismissal)
        .list();
  }

  Optional<DismissalRow> block(RegionalDatabase db, UUID userId, String entityType, UUID entityId) {
    return db.jdbc()
        .sql(
            "SELECT "
                + DISMISSAL_COLUMNS
                + " FROM dismissals WHERE user_id = ? AND entity_type = ? AND entity_id = ?"
                + " AND mode = 'never' AND revoked_at IS NULL")
        .params(userId, entityType, entityId)
        .query(this::dismissal)
        .optional();
  }

  /**
   * Deletes recommendation rows that expired before {@code before}, {@code chunk} at a time in
   * short transactions; returns how many. The current feeds' rows are younger than that.
   */
  long purgeExpired(RegionalDatabase db, Instant before, int chunk) {
    long deleted = 0;
    while (true) {
      int n =
          db.jdbc()
              .sql(
                  "DELETE FROM recommendations WHERE id = ANY(ARRAY(SELECT id FROM recommendations"
                      + " WHERE expires_at < ? LIMIT ?))")
              .params(Timestamp.from(before), chunk)
              .update();
      deleted += n;
      if (n < chunk) {
        return deleted;
      }
    }
  }

  /** Display names of users, wherever they live (friends may be in the other region). */
  Map<UUID, @Nullable String> displayNames(Set<UUID> userIds) {
    var names = new HashMap<UUID, @Nullable String>();
    if (userIds.isEmpty()) {
      return names;
    }
    for (RegionalDatabase db : regions.all()) {
      db.jdbc()
          .sql("SELECT id, display_name FROM users WHERE id = ANY(?) AND deleted_at IS NULL")
          .param(userIds.toArray(UUID[]::new))
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> names.put(rs.getObject(1, UUID.class), rs.getString(2)));
    }
    return names;
  }

  /** What a card shows about a catalog item or a person. */
  record Card(
      String name,
      List<String> genres,
      @Nullable String imageUrl,
      @Nullable Boolean live,
      @Nullable Integer participants) {}

  /** Cards of items of one type; deleted items are absent. */
  Map<UUID, Card> cards(RegionalDatabase db, String entityType, List<UUID> ids) {
    var cards = new HashMap<UUID, Card>();
    if (ids.isEmpty()) {
      return cards;
    }
    if (entityType.equals("person")) {
      return personCards(ids, displayNames(new HashSet<>(ids)));
    }
    String sql =
        switch (entityType) {
          case "room" ->
              "SELECT id, name, genres, cover_art_url, is_live, current_participants FROM rooms";
          case "playlist" -> "SELECT id, name, genres, NULL, NULL, NULL FROM playlists";
          case "artist" -> "SELECT id, name, genres, image_url, NULL, NULL FROM artists";
          default -> throw new IllegalArgumentException("unknown entity type " + entityType);
        };
    db.jdbc()
        .sql(sql + " WHERE id = ANY(?) AND deleted_at IS NULL")
        .param(ids.toArray(UUID[]::new))
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> {
                  cards.put(
                      rs.getObject(1, UUID.class),
                      new Card(
                          rs.getString(2),
                          List.of((String[]) rs.getArray(3).getArray()),
                          rs.getString(4),
                          (Boolean) rs.getObject(5),
                          (Integer) rs.getObject(6)));
                });
    return cards;
  }

  /** Cards of people from their display names ({@link #displayNames}: live users only). */
  static Map<UUID, Card> personCards(List<UUID> ids, Map<UUID, @Nullable String> names) {
    var cards = new HashMap<UUID, Card>();
    for (UUID id : ids) {
      if (names.containsKey(id)) {
        String name = names.get(id);
        cards.put(
            id, new Card(name == null ? "A seda listener" : name, List.of(), null, null, null));
      }
    }
    return cards;
  }

  private static final String ROW_COLUMNS =
      "SELECT id, user_id, entity_type, entity_id, score, model_version, source, created_at,"
          + " expires_at, rank, context FROM recommendations";

  private static final String DISMISSAL_COLUMNS =
      "id, recommendation_id, entity_type, entity_id, mode, dismissed_at, until";

  private StoredRow row(ResultSet rs, int n) throws SQLException {
    return new StoredRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getObject(4, UUID.class),
        rs.getDouble(5),
        rs.getString(6),
        rs.getString(7),
        rs.getTimestamp(8).toInstant(),
        rs.getTimestamp(9).toInstant(),
        (Integer) rs.getObject(10),
        json.readValue(rs.getString(11), RowContext.class));
  }

  private DismissalRow dismissal(ResultSet rs, int n) throws SQLException {
    Timestamp until = rs.getTimestamp(7);
    return new DismissalRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getObject(4, UUID.class),
        DismissMode.fromCode(rs.getString(5)),
        rs.getTimestamp(6).toInstant(),
        until == null ? null : until.toInstant());
  }

  static Block toBlock(DismissalRow row, @Nullable String name) {
    return new Block(
        row.entityType(), row.entityId(), name, row.dismissedAt(), row.recommendationId());
  }
}
