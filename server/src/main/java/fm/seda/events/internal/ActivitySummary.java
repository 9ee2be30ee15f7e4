package fm.seda.events.internal;

import fm.seda.regions.RegionalDatabase;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code user_activity_summary} in step with newly stored events (the shapes {@code
 * candidates.internal.ActivitySignals} reads):
 *
 * <ul>
 *   <li>{@code listen_30s} of an artist: {@code listens[artist].count + 1}, {@code last_at} the
 *       latest listen;
 *   <li>{@code join_room}: {@code room_memberships[room]} the latest join;
 *   <li>{@code follow_artist}/{@code unfollow_artist}, {@code save_playlist}/{@code
 *       unsave_playlist}: the item is in {@code follows}/{@code saved_playlists} if the latest of
 *       the pair (by {@code occurred_at}) is the follow or save.
 * </ul>
 *
 * <p>Toggles are decided by time rather than arrival because mobile clients queue events offline
 * and send them late and out of order: an unfollow at 10:05 that arrives before the follow of 10:00
 * must leave the artist unfollowed. The earlier stored events come from {@code fact_events} (within
 * retention); within a batch, equal times go by batch order; a stored event at the same time as a
 * new one loses to the new one (it arrived first).
 *
 * <p>Runs inside the ingestion transaction and locks the user's summary row, so concurrent batches
 * of one user apply one after the other.
 */
@Component
class ActivitySummary {

  private final JsonMapper json;

  ActivitySummary(JsonMapper json) {
    this.json = json;
  }

  private record Toggle(boolean on, Instant at) {}

  void apply(RegionalDatabase db, UUID userId, List<ValidEvent> fresh) {
    List<ValidEvent> relevant =
        fresh.stream()
            .filter(e -> EventType.changesTaste(e.type()) && e.entityId() != null)
            .toList();
    if (relevant.isEmpty()) {
      return;
    }
    db.jdbc()
        .sql("INSERT INTO user_activity_summary (user_id) VALUES (?) ON CONFLICT DO NOTHING")
        .param(userId)
        .update();
    Map<String, Object> row =
        db.jdbc()
            .sql(
                "SELECT listens::text AS listens, room_memberships::text AS rooms,"
                    + " follows::text AS follows, saved_playlists::text AS saved"
                    + " FROM user_activity_summary WHERE user_id = ? FOR UPDATE")
            .param(userId)
            .query()
            .singleRow();
    Map<String, Object> listens = object(row.get("listens"));
    Map<String, Object> rooms = object(row.get("rooms"));
    List<Object> follows = array(row.get("follows"));
    List<Object> saved = array(row.get("saved"));

    // sort by time, keeping batch order for equal times (List.sort is stable)
    List<ValidEvent> ordered = new ArrayList<>(relevant);
    ordered.sort(Comparator.comparing(ValidEvent::occurredAt));
    var follow = new LinkedHashMap<String, Toggle>();
    var save = new LinkedHashMap<String, Toggle>();
    for (ValidEvent e : ordered) {
      String id = String.valueOf(e.entityId());
      Instant at = e.occurredAt();
      switch (e.type()) {
        case LISTEN_30S -> {
          if ("artist".equals(e.entityType())) {
            Map<String, Object> entry = object(listens.get(id));
            long count = entry.get("count") instanceof Number c ? c.longValue() : 0;
            Instant last = instant(entry.get("last_at"));
            entry.put("count", count + 1);
            entry.put("last_at", (last != null && last.isAfter(at) ? last : at).toString());
            listens.put(id, entry);
          }
        }
        case JOIN_ROOM -> {
          Instant last = instant(rooms.get(id));
          rooms.put(id, (last != null && last.isAfter(at) ? last : at).toString());
        }
        case FOLLOW_ARTIST -> follow.put(id, new Toggle(true, at));
        case UNFOLLOW_ARTIST -> follow.put(id, new Toggle(false, at));
        case SAVE_PLAYLIST -> save.put(id, new Toggle(true, at));
        case UNSAVE_PLAYLIST -> save.put(id, new Toggle(false, at));
        default -> {}
      }
    }
    List<String> freshKeys = fresh.stream().map(ValidEvent::idempotencyKey).toList();
    if (!follow.isEmpty()) {
      follows = toggled(db, userId, follows, follow, "follow_artist", "unfollow_artist", freshKeys);
    }
    if (!save.isEmpty()) {
      saved = toggled(db, userId, saved, save, "save_playlist", "unsave_playlist", freshKeys);
    }
    db.jdbc()
        .sql(
            "UPDATE user_activity_summary SET listens = ?::jsonb, room_memberships = ?::jsonb,"
                + " follows = ?::jsonb, saved_playlists = ?::jsonb, last_updated = now()"
                + " WHERE user_id = ?")
        .params(
            json.writeValueAsString(listens),
            json.writeValueAsString(rooms),
            json.writeValueAsString(follows),
            json.writeValueAsString(saved),
            userId)
        .update();
  }

  /** The list with each toggled item in or out, unless an earlier-stored event is later. */
  private List<Object> toggled(
      RegionalDatabase db,
      UUID userId,
      List<Object> current,
      Map<String, Toggle> batch,
      String onType,
      String offType,
      List<String> freshKeys) {
    var stored = new HashMap<String, Toggle>();
    db.jdbc()
        .sql(
            "SELECT DISTINCT ON (properties->>'entity_id') properties->>'entity_id', event_type,"
                + " occurred_at FROM fact_events WHERE user_id = ? AND event_type IN (?, ?)"
                + " AND properties->>'entity_id' = ANY(?) AND idempotency_key <> ALL(?)"
                + " ORDER BY properties->>'entity_id', occurred_at DESC")
        .params(
            userId,
            onType,
            offType,
            batch.keySet().toArray(String[]::new),
            freshKeys.toArray(String[]::new))
        .query(
            rs -> {
              stored.put(
                  rs.getString(1),
                  new Toggle(onType.equals(rs.getString(2)), rs.getTimestamp(3).toInstant()));
            });
    var result = new ArrayList<>(current);
    batch.forEach(
        (id, toggle) -> {
          Toggle earlier = stored.get(id);
          if (earlier != null && earlier.at().isAfter(toggle.at())) {
            return; // a later follow/unfollow already decided this item
          }
          boolean present = result.contains(id);
          if (toggle.on() && !present) {
            result.add(id);
          } else if (!toggle.on() && present) {
            result.removeIf(id::equals);
          }
        });
    return result;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return new LinkedHashMap<>((Map<String, Object>) map);
    }
    if (value instanceof String text && text.startsWith("{")) {
      return new LinkedHashMap<String, Object>(json.readValue(text, LinkedHashMap.class));
    }
    return new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private List<Object> array(@Nullable Object value) {
    if (value instanceof String text && text.startsWith("[")) {
      return new ArrayList<Object>(json.readValue(text, ArrayList.class));
    }
    return new ArrayList<>();
  }

  /** A stored time; null if absent or unreadable (then the new event's time wins). */
  private static @Nullable Instant instant(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
