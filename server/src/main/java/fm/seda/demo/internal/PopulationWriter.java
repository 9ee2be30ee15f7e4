package fm.seda.demo.internal;

import fm.seda.catalog.CatalogKind;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.ProgressListener;
import fm.seda.regions.DataResidency;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.security.DevTokens;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk-loads the demo population with COPY, each user's rows into the database of that user's
 * residency. Rows go to a temporary staging table first and then {@code INSERT … ON CONFLICT DO
 * NOTHING}, which keeps re-runs idempotent at COPY speed.
 */
@Component
public class PopulationWriter {

  private static final int CHUNK = 20_000;

  private final RegionRouter regions;
  private final JsonMapper json;

  PopulationWriter(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
  }

  /** The id of demo user {@code index}; derived so that re-seeding finds the same people. */
  public static UUID userId(int index) {
    return UUID.nameUUIDFromBytes(("demo-user:" + index).getBytes(StandardCharsets.UTF_8));
  }

  public void write(DemoWorld world, ProgressListener progress) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (DataResidency residency : DataResidency.values()) {
      RegionalDatabase db = regions.forResidency(residency);
      List<DemoWorld.User> residents =
          world.users().stream().filter(u -> u.eu() == (residency == DataResidency.EU)).toList();
      String phase = "write users (" + db.region().code() + ")";
      for (int from = 0; from < residents.size(); from += CHUNK) {
        List<DemoWorld.User> chunk =
            residents.subList(from, Math.min(residents.size(), from + CHUNK));
        load(
            db,
            "users",
            usersCsv(chunk),
            "(id, auth_user_id, display_name, data_residency, data_residency_source, preferences, privacy_settings, session_count)");
        load(
            db,
            "user_profiles",
            profilesCsv(world, chunk),
            "(user_id, top_artists, top_genres, top_playlists)");
        load(
            db,
            "user_activity_summary",
            activityCsv(world, chunk, now),
            "(user_id, listens, room_memberships, follows, saved_playlists)");
        progress.progress(phase, from + chunk.size(), residents.size());
      }
    }
    writeFriendships(world, progress);
  }

  private void writeFriendships(DemoWorld world, ProgressListener progress) {
    int edges = world.friendEdgeCount();
    for (DataResidency residency : DataResidency.values()) {
      RegionalDatabase db = regions.forResidency(residency);
      boolean eu = residency == DataResidency.EU;
      var rows = new StringBuilder();
      int pending = 0;
      String phase = "write friendships (" + db.region().code() + ")";
      for (int e = 0; e < edges; e++) {
        int a = world.friendA(e);
        int b = world.friendB(e);
        // each direction lives with its owner
        if (world.users().get(a).eu() == eu) {
          rows.append(userId(a)).append(',').append(userId(b)).append('\n');
          pending++;
        }
        if (world.users().get(b).eu() == eu) {
          rows.append(userId(b)).append(',').append(userId(a)).append('\n');
          pending++;
        }
        if (pending >= CHUNK * 5 || e == edges - 1) {
          load(db, "friends", rows.toString(), "(user_id, friend_user_id)");
          rows.setLength(0);
          pending = 0;
          progress.progress(phase, e + 1, edges);
        }
      }
    }
  }

  private String usersCsv(List<DemoWorld.User> users) {
    var csv = new StringBuilder();
    for (DemoWorld.User u : users) {
      Map<String, Object> preferences = new LinkedHashMap<>();
      preferences.put("genres", u.favoriteGenres());
      preferences.put("locales", List.of(u.eu() ? "en-GB" : "en-US"));
      preferences.put("preferred_provider", u.index() % 3 == 0 ? "apple" : "spotify");
      preferences.put("explicit_content", true);
      Map<String, Object> privacy = new LinkedHashMap<>();
      privacy.put("presence_default", u.presenceHidden() ? "hidden" : "friends");
      privacy.put("push_opt_in", false);
      privacy.put("teen", false);
      privacy.put("allow_non_eu_fallback", false);
      privacy.put("consent_timestamp", null);
      Csv.row(
          csv,
          userId(u.index()),
          DevTokens.subjectFor(u.handle()),
          u.handle(),
          u.eu() ? "eu" : "non-eu",
          u.eu() ? "user_declared" : "default",
          json.writeValueAsString(preferences),
          json.writeValueAsString(privacy),
          1 + u.index() % 40);
    }
    return csv.toString();
  }

  private static String profilesCsv(DemoWorld world, List<DemoWorld.User> users) {
    var csv = new StringBuilder();
    for (DemoWorld.User u : users) {
      var top = new ArrayList<Integer>();
      for (int i = 0; i < u.listenedArtists().length; i++) {
        top.add(i);
      }
      top.sort((x, y) -> Integer.compare(u.listenCounts()[y], u.listenCounts()[x]));
      List<UUID> topArtists =
          top.stream().limit(10).map(i -> artistId(world, u.listenedArtists()[i])).toList();
      List<UUID> topPlaylists =
          java.util.Arrays.stream(u.savedPlaylists()).mapToObj(p -> playlistId(world, p)).toList();
      Csv.row(
          csv,
          userId(u.index()),
          Csv.array(topArtists),
          Csv.array(u.favoriteGenres()),
          Csv.array(topPlaylists));
    }
    return csv.toString();
  }

  private String activityCsv(DemoWorld world, List<DemoWorld.User> users, Instant now) {
    var csv = new StringBuilder();
    for (DemoWorld.User u : users) {
      Map<String, Object> listens = new LinkedHashMap<>();
      for (int i = 0; i < u.listenedArtists().length; i++) {
        listens.put(
            artistId(world, u.listenedArtists()[i]).toString(),
            Map.of(
                "count",
                u.listenCounts()[i],
                "last_at",
                now.minus(u.listenAgeDays()[i], ChronoUnit.DAYS).toString()));
      }
      Map<String, Object> rooms = new LinkedHashMap<>();
      for (int r : u.rooms()) {
        rooms.put(
            CatalogKind.ROOMS.idFor(world.rooms().get(r).externalId()).toString(),
            now.minus(r % 30, ChronoUnit.DAYS).toString());
      }
      List<UUID> follows =
          java.util.Arrays.stream(u.follows()).mapToObj(a -> artistId(world, a)).toList();
      List<UUID> saved =
          java.util.Arrays.stream(u.savedPlaylists()).mapToObj(p -> playlistId(world, p)).toList();
      Csv.row(
          csv,
          userId(u.index()),
          json.writeValueAsString(listens),
          json.writeValueAsString(rooms),
          json.writeValueAsString(follows),
          json.writeValueAsString(saved));
    }
    return csv.toString();
  }

  private static UUID artistId(DemoWorld world, int index) {
    return CatalogKind.ARTISTS.idFor(world.artists().get(index).externalId());
  }

  private static UUID playlistId(DemoWorld world, int index) {
    return CatalogKind.PLAYLISTS.idFor(world.playlists().get(index).externalId());
  }

  /** COPY {@code csv} into {@code table} through a staging table, skipping rows that exist. */
  private static void load(RegionalDatabase db, String table, String csv, String columns) {
    if (csv.isEmpty()) {
      return;
    }
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE stage (LIKE " + table + " INCLUDING DEFAULTS) ON COMMIT DROP");
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY stage " + columns + " FROM STDIN (FORMAT csv)", new StringReader(csv));
        s.execute("INSERT INTO " + table + " SELECT * FROM stage ON CONFLICT DO NOTHING");
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not load demo "
              + table
              + " into region "
              + db.region().code()
              + ": "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
