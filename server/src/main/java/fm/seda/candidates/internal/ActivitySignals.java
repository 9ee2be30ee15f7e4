package fm.seda.candidates.internal;

import fm.seda.regions.RegionalDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The one definition of implicit feedback, read from {@code user_activity_summary} (in-app) and
 * {@code user_profiles} (imported top artists and playlists): the same rows train the collaborative
 * model, fold a user into it at request time, build taste vectors and feed popularity, so the
 * strengths cannot drift apart between training and serving. Deleted accounts contribute nothing.
 */
@Component
public class ActivitySignals {

  private static final String PARTS =
      "SELECT s.user_id, 'artist', l.key::uuid, ln(1 + greatest((l.value->>'count')::float8, 0)),"
          + " (l.value->>'last_at')::timestamptz, 'LISTEN' FROM user_activity_summary s"
          + " JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL, jsonb_each(s.listens) l %1$s"
          + " UNION ALL SELECT s.user_id, 'artist', f::uuid, 1.0, NULL, 'FOLLOW' FROM user_activity_summary s"
          + " JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL, jsonb_array_elements_text(s.follows) f %1$s"
          + " UNION ALL SELECT s.user_id, 'room', r.key::uuid, 1.0, r.value::timestamptz, 'JOIN'"
          + " FROM user_activity_summary s JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL,"
          + " jsonb_each_text(s.room_memberships) r %1$s"
          + " UNION ALL SELECT s.user_id, 'playlist', p::uuid, 1.0, NULL, 'SAVE' FROM user_activity_summary s"
          + " JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL,"
          + " jsonb_array_elements_text(s.saved_playlists) p %1$s"
          // imported provider summaries (top artists and playlists), unless the user deleted them
          + " UNION ALL SELECT s.user_id, 'artist', a, 1.0, NULL, 'IMPORTED' FROM user_profiles s"
          + " JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL, unnest(s.top_artists) a"
          + " %2$s"
          + " UNION ALL SELECT s.user_id, 'playlist', p, 1.0, NULL, 'IMPORTED' FROM user_profiles s"
          + " JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL, unnest(s.top_playlists) p"
          + " %2$s";

  /** One user's signals. */
  public List<Interaction> of(RegionalDatabase db, UUID userId) {
    var found = new ArrayList<Interaction>();
    db.template()
        .query(
            String.format(
                PARTS, "WHERE s.user_id = ?", "WHERE s.user_id = ? AND s.deleted_at IS NULL"),
            (RowCallbackHandler) rs -> found.add(row(rs)),
            userId,
            userId,
            userId,
            userId,
            userId,
            userId);
    return found;
  }

  /** The signals of several users at once, by user (users without any are absent). */
  public Map<UUID, List<Interaction>> of(RegionalDatabase db, Collection<UUID> userIds) {
    var found = new HashMap<UUID, List<Interaction>>();
    if (userIds.isEmpty()) {
      return found;
    }
    Object ids = userIds.toArray(UUID[]::new);
    db.template()
        .query(
            String.format(
                PARTS,
                "WHERE s.user_id = ANY(?)",
                "WHERE s.user_id = ANY(?) AND s.deleted_at IS NULL"),
            (RowCallbackHandler)
                rs -> {
                  Interaction i = row(rs);
                  found.computeIfAbsent(i.userId(), k -> new ArrayList<>()).add(i);
                },
            ids,
            ids,
            ids,
            ids,
            ids,
            ids);
    return found;
  }

  /**
   * Streams every user's signals in {@code db} (millions of rows on a large world), in a read-only
   * transaction so that PostgreSQL hands them over in batches instead of all at once.
   */
  public void forEach(RegionalDatabase db, Consumer<Interaction> sink) {
    var template = new JdbcTemplate(db.dataSource());
    template.setFetchSize(10_000);
    db.transactions()
        .executeWithoutResult(
            tx ->
                template.query(
                    String.format(PARTS, "", "WHERE s.deleted_at IS NULL"),
                    (RowCallbackHandler) rs -> sink.accept(row(rs))));
  }

  private static Interaction row(ResultSet rs) throws SQLException {
    Timestamp at = rs.getTimestamp(5);
    return new Interaction(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getObject(3, UUID.class),
        rs.getDouble(4),
        at == null ? null : at.toInstant(),
        Interaction.Kind.valueOf(rs.getString(6)));
  }
}
