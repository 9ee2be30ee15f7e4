package fm.seda.candidates.popularity;

import fm.seda.candidates.internal.ActivitySignals;
import fm.seda.candidates.internal.Interaction;
import fm.seda.engine.popularity.DecayedPopularity;
import fm.seda.engine.popularity.TrendDetector;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The hourly popularity and trending refresh ({@value #KIND}): one run reads every region's
 * interactions, combines the counts (aggregates, with no user in them) and writes the same table to
 * both regions, like the catalog.
 *
 * <p>Popularity of an item = ½ · catalog popularity / 100 + ½ · ln(1 + d) / ln(1 + d_max), where d
 * is its time-decayed in-app interactions (half-life {@value #HALF_LIFE_DAYS} days: listens, joins,
 * follows, saves, the people in a live room now, and the last week's feedback events) and d_max the
 * largest d of its entity type. The catalog half keeps a new deployment with no activity ranked by
 * the providers' popularity; the log keeps one viral item from flattening the rest. Trending is
 * {@link TrendDetector#daily}: the last 24 h against the 7 days before. Follows and saves carry no
 * time, so they count as current audience for popularity and not for trending.
 */
@Component
public class PopularityRefresh implements JobHandler {

  public static final String KIND = "refresh-popularity";
  static final int HALF_LIFE_DAYS = 7;
  private static final Logger log = LoggerFactory.getLogger(PopularityRefresh.class);
  private static final Set<String> EVENT_TYPES =
      Set.of("join_room", "listen_30s", "follow_artist", "save_playlist", "rec_click");

  private record Key(String entityType, UUID entityId) {}

  private record CatalogRow(Key key, String[] genres, double popularity, int liveAudience) {}

  private record Computed(
      Key key, String[] genres, double popularity, double trending, double interactions) {}

  private final RegionRouter regions;
  private final ActivitySignals activity;
  private final PopularityStore store;
  private final Clock clock = Clock.systemUTC();

  PopularityRefresh(RegionRouter regions, ActivitySignals activity, PopularityStore store) {
    this.regions = regions;
    this.activity = activity;
    this.store = store;
  }

  /** Hourly, as one job in the operations region (it reads and writes both). */
  @Bean
  static RecurringJob hourlyPopularityRefresh() {
    return new RecurringJob(KIND, Duration.ofHours(1), Set.of(Region.US), Map.of());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean essential() {
    return true; // cheap, no embedding spend, and the first feed of new users relies on it
  }

  @Override
  public void run(Job job) {
    refresh();
  }

  /** When the table of {@code region} was last computed, and how many items it holds. */
  public record Freshness(@Nullable Instant computedAt, long items) {}

  public Freshness freshness(Region region) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT max(computed_at), count(*) FROM item_popularity")
        .query(
            (rs, n) ->
                new Freshness(
                    rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
                    rs.getLong(2)))
        .single();
  }

  /** Recomputes both regions' tables; returns how many items were written per region. */
  public int refresh() {
    long start = System.nanoTime();
    Instant now = clock.instant();
    var decayed = new DecayedPopularity<Key>(Duration.ofDays(HALF_LIFE_DAYS), now);
    var trends = TrendDetector.<Key>daily(now);
    for (RegionalDatabase db : regions.all()) {
      activity.forEach(
          db,
          (Interaction i) -> {
            if (i.kind() == Interaction.Kind.IMPORTED) {
              return; // listening elsewhere, at no known time: not this app's popularity
            }
            var key = new Key(i.entityType(), i.entityId());
            decayed.add(key, i.at() == null ? now : i.at(), i.strength());
            if (i.at() != null) {
              trends.add(key, i.at(), i.strength());
            }
          });
      db.jdbc()
          .sql(
              "SELECT properties->>'entity_type', (properties->>'entity_id')::uuid, occurred_at FROM fact_events"
                  + " WHERE occurred_at > now() - interval '8 days' AND event_type = ANY(?)"
                  + " AND properties->>'entity_type' IN ('artist', 'playlist', 'room')"
                  + " AND properties->>'entity_id' ~ '^[0-9a-fA-F-]{36}$'")
          .param(EVENT_TYPES.toArray(String[]::new))
          .query(
              rs -> {
                var key = new Key(rs.getString(1), rs.getObject(2, UUID.class));
                Instant at = rs.getTimestamp(3).toInstant();
                decayed.add(key, at, 1);
                trends.add(key, at, 1);
              });
    }
    List<CatalogRow> catalog = catalog(regions.local());
    for (CatalogRow row : catalog) {
      if (row.liveAudience() > 0) {
        decayed.add(row.key(), now, row.liveAudience());
      }
    }
    Map<String, Double> maxByType = new HashMap<>();
    for (CatalogRow row : catalog) {
      maxByType.merge(row.key().entityType(), decayed.score(row.key()), Math::max);
    }
    var rows = new ArrayList<Computed>(catalog.size());
    for (CatalogRow row : catalog) {
      double d = decayed.score(row.key());
      double max = maxByType.getOrDefault(row.key().entityType(), 0.0);
      double inApp = max > 0 ? Math.log1p(d) / Math.log1p(max) : 0;
      double popularity = Math.min(1, 0.5 * row.popularity() / 100 + 0.5 * inApp);
      rows.add(new Computed(row.key(), row.genres(), popularity, trends.trend(row.key()), d));
    }
    for (RegionalDatabase db : regions.all()) {
      write(db, rows, now);
    }
    store.reload();
    log.info(
        "Popularity refreshed: {} items, {} with in-app interactions, in {} ms",
        rows.size(),
        decayed.scores().size(),
        (System.nanoTime() - start) / 1_000_000);
    return rows.size();
  }

  private static List<CatalogRow> catalog(RegionalDatabase db) {
    var rows = new ArrayList<CatalogRow>();
    db.jdbc()
        .sql(
            "SELECT 'artist', id, genres, popularity_score, 0 FROM artists WHERE deleted_at IS NULL"
                + " UNION ALL SELECT 'playlist', id, genres, popularity_score, 0 FROM playlists WHERE deleted_at IS NULL"
                + " UNION ALL SELECT 'room', id, genres, popularity_score,"
                + " CASE WHEN is_live THEN current_participants ELSE 0 END FROM rooms WHERE deleted_at IS NULL")
        .query(
            rs -> {
              rows.add(
                  new CatalogRow(
                      new Key(rs.getString(1), rs.getObject(2, UUID.class)),
                      (String[]) rs.getArray(3).getArray(),
                      rs.getDouble(4),
                      rs.getInt(5)));
            });
    return rows;
  }

  /** Replaces the table in one transaction: readers see the previous hour's until it commits. */
  private static void write(RegionalDatabase db, List<Computed> rows, Instant now) {
    db.transactions()
        .executeWithoutResult(
            tx -> {
              db.jdbc().sql("DELETE FROM item_popularity").update();
              db.template()
                  .batchUpdate(
                      "INSERT INTO item_popularity (entity_type, entity_id, genres, popularity, trending,"
                          + " interactions, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      rows,
                      1_000,
                      (ps, row) -> {
                        ps.setString(1, row.key().entityType());
                        ps.setObject(2, row.key().entityId());
                        ps.setArray(3, ps.getConnection().createArrayOf("text", row.genres()));
                        ps.setDouble(4, row.popularity());
                        ps.setDouble(5, row.trending());
                        ps.setDouble(6, row.interactions());
                        ps.setTimestamp(7, Timestamp.from(now));
                      });
            });
  }
}
