package fm.seda.events.internal;

import fm.seda.events.SurfaceMetrics;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code fact_events} and the activity summary it feeds, in one regional database at a time.
 *
 * <p>A batch is one multi-row {@code INSERT ... SELECT FROM unnest(arrays)}: 500 events cost one
 * round trip and one statement plan instead of 500 (a JDBC batch would still send 500 bound
 * statements). {@code ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING} says exactly
 * which events were new, also under concurrent replays of the same batch: the second insert waits
 * for the first's commit on the unique index and then inserts nothing.
 */
@Component
public class EventStore {

  private static final String INSERT =
      "INSERT INTO fact_events (user_id, event_type, idempotency_key, occurred_at, properties)"
          + " SELECT ?, e.type, e.key, e.at, e.props::jsonb"
          + " FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[]) AS e(type, key, at, props)"
          + " ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING idempotency_key";

  private static final int PURGE_CHUNK = 10_000;

  private final RegionRouter regions;
  private final ActivitySummary summary;
  private final Map<Region, TransactionTemplate> ownTransactions = new EnumMap<>(Region.class);

  EventStore(RegionRouter regions, ActivitySummary summary) {
    this.regions = regions;
    this.summary = summary;
    for (Region region : Region.values()) {
      var tx =
          new TransactionTemplate(regions.database(region).transactions().getTransactionManager());
      // always our own transaction, committed when insert returns, even if a caller has one open:
      // the caller is told "accepted" only for events that are durable
      tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
      ownTransactions.put(region, tx);
    }
  }

  /**
   * Stores the events of one user that are new (by idempotency key) and applies exactly those to
   * the user's activity summary, in one transaction committed before this returns.
   *
   * @return the newly stored events, in batch order
   */
  public List<ValidEvent> insert(RegionalDatabase db, UUID userId, List<ValidEvent> events) {
    db.requireLocalOwners(List.of(userId), "events");
    int n = events.size();
    String[] types = new String[n];
    String[] keys = new String[n];
    String[] times = new String[n];
    String[] properties = new String[n];
    for (int i = 0; i < n; i++) {
      ValidEvent e = events.get(i);
      types[i] = e.type().wire();
      keys[i] = e.idempotencyKey();
      times[i] = e.occurredAt().toString();
      properties[i] = e.propertiesJson();
    }
    List<ValidEvent> inserted =
        ownTransactions
            .get(db.region())
            .execute(
                status -> {
                  Set<String> newKeys =
                      new HashSet<>(
                          db.jdbc()
                              .sql(INSERT)
                              .params(userId, types, keys, times, properties)
                              .query(String.class)
                              .list());
                  List<ValidEvent> fresh =
                      events.stream().filter(e -> newKeys.contains(e.idempotencyKey())).toList();
                  summary.apply(db, userId, fresh);
                  rememberSeen(db, userId, fresh);
                  return fresh;
                });
    return inserted == null ? List.of() : inserted;
  }

  /** Keeps {@code seen_items}: each impressed item's latest impression time. */
  private static void rememberSeen(RegionalDatabase db, UUID userId, List<ValidEvent> fresh) {
    List<ValidEvent> impressions =
        fresh.stream()
            .filter(e -> e.type() == EventType.REC_IMPRESSION && e.entityId() != null)
            .toList();
    if (impressions.isEmpty()) {
      return;
    }
    db.jdbc()
        .sql(
            "INSERT INTO seen_items (user_id, entity_id, last_seen_at)"
                + " SELECT ?, e, max(t) FROM unnest(?::uuid[], ?::timestamptz[]) AS x(e, t)"
                + " GROUP BY e ON CONFLICT (user_id, entity_id) DO UPDATE"
                + " SET last_seen_at = greatest(seen_items.last_seen_at, excluded.last_seen_at)")
        .params(
            userId,
            impressions.stream().map(ValidEvent::entityId).toArray(UUID[]::new),
            impressions.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new))
        .update();
  }

  /** The items shown to each user (their latest impression) after {@code since}, by user. */
  public Map<UUID, Set<UUID>> seenSince(
      RegionalDatabase db, Collection<UUID> userIds, Instant since) {
    return db.valuesByUser(
        "SELECT user_id, entity_id FROM seen_items WHERE user_id = ANY(?) AND last_seen_at > ?",
        UUID.class,
        userIds.toArray(UUID[]::new),
        Timestamp.from(since));
  }

  /** The items shown to the user (their latest impression) after {@code since}. */
  public Set<UUID> seenSince(RegionalDatabase db, UUID userId, Instant since) {
    return seenSince(db, List.of(userId), since).getOrDefault(userId, Set.of());
  }

  /**
   * Per-surface counts of recommendation events in {@code db} since {@code since}, only {@code
   * surface} when given.
   */
  private static Map<String, long[]> surfaceCounts(
      RegionalDatabase db, @Nullable String surface, Instant since) {
    var counts = new LinkedHashMap<String, long[]>();
    db.jdbc()
        .sql(
            "SELECT properties->>'surface',"
                + " count(*) FILTER (WHERE event_type = 'rec_impression'),"
                + " count(*) FILTER (WHERE event_type = 'rec_click'),"
                + " count(*) FILTER (WHERE event_type = 'listen_30s'),"
                + " count(*) FILTER (WHERE event_type = 'track_skip'),"
                + " count(*) FILTER (WHERE event_type = 'rec_dismiss'),"
                + " count(*) FILTER (WHERE event_type = 'rec_dismiss_undo'),"
                + " count(*) FILTER (WHERE event_type = 'rec_impression'"
                + "   AND properties->'novel' = 'true'::jsonb)"
                + " FROM fact_events WHERE occurred_at >= ?"
                + " AND event_type IN ('rec_impression', 'rec_click', 'listen_30s', 'track_skip',"
                + "   'rec_dismiss', 'rec_dismiss_undo')"
                + " AND properties->>'recommendation_id' IS NOT NULL"
                + " AND (?::text IS NULL OR properties->>'surface' = ?::text)"
                + " GROUP BY 1 ORDER BY 1")
        .params(Timestamp.from(since), surface, surface)
        .query(
            rs -> {
              long[] row = new long[7];
              for (int c = 0; c < 7; c++) {
                row[c] = rs.getLong(c + 2);
              }
              String name = rs.getString(1);
              counts.put(name == null ? "" : name, row);
            });
    return counts;
  }

  /** Both regions' counts added up per surface (aggregates only cross regions). */
  public List<SurfaceMetrics> metrics(@Nullable String surface, Instant since) {
    var total = new java.util.TreeMap<String, long[]>();
    for (RegionalDatabase db : regions.all()) {
      surfaceCounts(db, surface, since)
          .forEach(
              (name, row) ->
                  total.merge(
                      name,
                      row,
                      (a, b) -> {
                        long[] sum = new long[a.length];
                        for (int i = 0; i < a.length; i++) {
                          sum[i] = a[i] + b[i];
                        }
                        return sum;
                      }));
    }
    if (surface != null && total.isEmpty()) {
      total.put(surface, new long[7]);
    }
    var out = new ArrayList<SurfaceMetrics>();
    total.forEach(
        (name, c) -> out.add(SurfaceMetrics.of(name, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
    return out;
  }

  /**
   * Deletes the events of {@code db} that occurred before {@code cutoff}, {@value #PURGE_CHUNK} at
   * a time, each chunk its own short transaction (no long lock, no huge WAL burst).
   *
   * @return how many were deleted
   */
  long purgeBefore(RegionalDatabase db, Instant cutoff) {
    long total = 0;
    while (true) {
      int deleted =
          db.jdbc()
              .sql(
                  "DELETE FROM fact_events WHERE id = ANY(ARRAY("
                      + "SELECT id FROM fact_events WHERE occurred_at < ? LIMIT ?))")
              .params(Timestamp.from(cutoff), PURGE_CHUNK)
              .update();
      total += deleted;
      if (deleted < PURGE_CHUNK) {
        // what was seen is derived from the impressions: it goes with them
        db.jdbc()
            .sql("DELETE FROM seen_items WHERE last_seen_at < ?")
            .param(Timestamp.from(cutoff))
            .update();
        return total;
      }
    }
  }
}
