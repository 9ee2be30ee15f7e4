package fm.seda.candidates.taste;

import fm.seda.candidates.internal.ActivitySignals;
import fm.seda.candidates.internal.Interaction;
import fm.seda.candidates.internal.ItemKey;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.Embeddings;
import fm.seda.embeddings.Purpose;
import fm.seda.engine.taste.TasteVectorCalculator;
import fm.seda.engine.taste.TasteVectorCalculator.Signal;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.StoredVectors;
import fm.seda.vectors.VectorStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users' taste vectors, stored as entity type {@value #ENTITY_TYPE} in the user's own region (EU
 * users' in the EU database, computed from the EU catalog vectors of the EU model).
 *
 * <p>A taste vector is the recency-weighted mean ({@link TasteVectorCalculator}, half-life {@value
 * #HALF_LIFE_DAYS} days) of: the onboarding genres' vectors, together weighing {@value
 * #GENRE_WEIGHT} (so a new user has a taste at once, and about a dozen real signals outweigh it);
 * listened artists ({@code ln(1 + count)}, at the last listen); followed artists and saved
 * playlists (1 each, current); joined rooms (1 each, at the join). Only vectors in the region's
 * current catalog space count, so after a model switch a taste vector never mixes spaces.
 */
@Component
public class TasteVectors {

  public static final String ENTITY_TYPE = "user_taste";

  /** The job kind that recomputes one user's taste vector (payload {@code user_id}). */
  public static final String RECOMPUTE_JOB = "recompute-taste";

  /** The job kind that recomputes every user of a region (nightly, and after bulk imports). */
  public static final String RECOMPUTE_ALL_JOB = "recompute-taste-all";

  static final int HALF_LIFE_DAYS = 30;
  static final double GENRE_WEIGHT = 3.0;
  static final String VERSION = "taste-1";

  private final RegionRouter regions;
  private final ActivitySignals activity;
  private final GenreVectors genreVectors;
  private final StoredVectors stored;
  private final VectorStore vectors;
  private final Embeddings embeddings;
  private final JsonMapper json;
  private final Clock clock;
  private final TasteVectorCalculator calculator =
      new TasteVectorCalculator(Duration.ofDays(HALF_LIFE_DAYS));

  TasteVectors(
      RegionRouter regions,
      ActivitySignals activity,
      GenreVectors genreVectors,
      StoredVectors stored,
      VectorStore vectors,
      Embeddings embeddings,
      JsonMapper json) {
    this.regions = regions;
    this.activity = activity;
    this.genreVectors = genreVectors;
    this.stored = stored;
    this.vectors = vectors;
    this.embeddings = embeddings;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  static boolean inSpace(EmbeddingMeta meta, Embeddings.ModelSpace space) {
    return meta.provider().equals(space.provider())
        && meta.model().equals(space.model())
        && meta.dim() == space.dim();
  }

  /** The stored taste vector of the user, if it is in the region's current catalog space. */
  public Optional<FetchedVector> find(UUID userId, DataResidency residency) {
    return Optional.ofNullable(find(residency.region(), List.of(userId)).get(userId));
  }

  /**
   * The stored taste vectors of many users of one region in one read, by user: those in the
   * region's current catalog space only.
   */
  public Map<UUID, FetchedVector> find(Region region, Collection<UUID> userIds) {
    Embeddings.ModelSpace space = embeddings.space(region, Purpose.CATALOG);
    var found = new HashMap<UUID, FetchedVector>();
    stored
        .fetchCurrent(region, ENTITY_TYPE, userIds)
        .forEach(
            (id, v) -> {
              if (inSpace(v.meta(), space)) {
                found.put(id, v);
              }
            });
    return found;
  }

  /**
   * Recomputes and stores the user's taste vector from their genres and activity; empty when they
   * have neither (or their account is gone).
   *
   * @throws TasteUnavailable when genre names had to be embedded and the embeddings service could
   *     not do it now
   */
  public Optional<FetchedVector> recompute(UUID userId, DataResidency residency) {
    return Optional.ofNullable(recompute(residency.region(), List.of(userId)).get(userId));
  }

  /**
   * Recomputes the taste vectors of many users of one region with a handful of queries (the nightly
   * run goes page by page); returns those computed, by user.
   */
  public Map<UUID, FetchedVector> recompute(Region region, List<UUID> userIds) {
    RegionalDatabase db = regions.database(region);
    Map<UUID, List<String>> genres = genresOf(db, userIds);
    if (genres.isEmpty()) {
      return Map.of();
    }
    Instant now = clock.instant();
    Embeddings.ModelSpace space = embeddings.space(region, Purpose.CATALOG);
    Map<String, FetchedVector> genreVectors =
        this.genreVectors.of(
            region, genres.values().stream().flatMap(List::stream).distinct().toList());
    Map<UUID, List<Interaction>> activityByUser = activity.of(db, genres.keySet());
    Map<ItemKey, FetchedVector> itemVectors = itemVectors(region, activityByUser.values());
    var computed = new LinkedHashMap<UUID, FetchedVector>();
    var rows = new ArrayList<StoredVector>();
    for (var user : genres.entrySet()) {
      var signals = new ArrayList<Signal>();
      EmbeddingMeta spaceMeta = null;
      List<FetchedVector> chosen =
          user.getValue().stream().map(genreVectors::get).filter(Objects::nonNull).toList();
      for (FetchedVector v : chosen) {
        signals.add(new Signal(v.vector(), GENRE_WEIGHT / chosen.size(), now));
        spaceMeta = v.meta();
      }
      for (Interaction i : activityByUser.getOrDefault(user.getKey(), List.of())) {
        FetchedVector v = itemVectors.get(new ItemKey(i.entityType(), i.entityId()));
        if (v != null && inSpace(v.meta(), space)) {
          signals.add(new Signal(v.vector(), i.strength(), i.at() == null ? now : i.at()));
          spaceMeta = v.meta();
        }
      }
      Optional<float[]> taste = calculator.compute(signals, now);
      if (taste.isEmpty() || spaceMeta == null) {
        continue;
      }
      var meta =
          new EmbeddingMeta(
              spaceMeta.provider(),
              spaceMeta.model(),
              spaceMeta.dim(),
              region.code(),
              VERSION,
              now,
              null);
      UUID id = user.getKey();
      rows.add(new StoredVector(ENTITY_TYPE, id, id, taste.get(), meta, Set.of()));
      computed.put(id, new FetchedVector(id, taste.get(), meta));
    }
    if (!rows.isEmpty()) {
      vectors.upsert(region, rows);
      recordInProfiles(db, computed.values(), now);
    }
    // a user whose signals are all gone (imports deleted, genres cleared) keeps no taste from them
    List<UUID> without = genres.keySet().stream().filter(id -> !computed.containsKey(id)).toList();
    if (!without.isEmpty()) {
      vectors.delete(region, ENTITY_TYPE, without);
    }
    return computed;
  }

  private Map<ItemKey, FetchedVector> itemVectors(
      Region region, Collection<List<Interaction>> activity) {
    Map<String, Set<UUID>> idsByType = new HashMap<>();
    activity.forEach(
        list ->
            list.forEach(
                i ->
                    idsByType
                        .computeIfAbsent(i.entityType(), k -> new HashSet<>())
                        .add(i.entityId())));
    var found = new HashMap<ItemKey, FetchedVector>();
    idsByType.forEach(
        (type, ids) ->
            stored
                .fetch(region, type, ids)
                .forEach((id, v) -> found.put(new ItemKey(type, id), v)));
    return found;
  }

  private void recordInProfiles(
      RegionalDatabase db, Collection<FetchedVector> computed, Instant now) {
    // no residency check of its own: vectors.upsert just refused these owners if misplaced
    db.template()
        .batchUpdate(
            "INSERT INTO user_profiles (user_id, embedding_meta, last_computed) VALUES (?, ?::jsonb, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET embedding_meta = EXCLUDED.embedding_meta,"
                + " last_computed = EXCLUDED.last_computed",
            List.copyOf(computed),
            500,
            (ps, v) -> {
              ps.setObject(1, v.entityId());
              ps.setString(2, json.writeValueAsString(v.meta()));
              ps.setTimestamp(3, java.sql.Timestamp.from(now));
            });
  }

  /** Live users of a region, in pages of ids after {@code after} (for the nightly recompute). */
  public List<UUID> usersAfter(Region region, UUID after, int limit) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT id FROM users WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?")
        .params(after, limit)
        .query(UUID.class)
        .list();
  }

  /** The onboarding genres of each live user among {@code userIds} (absent: no such user). */
  private static Map<UUID, List<String>> genresOf(RegionalDatabase db, List<UUID> userIds) {
    var genres = new LinkedHashMap<UUID, List<String>>();
    db.jdbc()
        .sql(
            "SELECT id, coalesce(array(SELECT jsonb_array_elements_text(preferences->'genres')), '{}')"
                + " FROM users WHERE id = ANY(?) AND deleted_at IS NULL")
        .param(userIds.toArray(UUID[]::new))
        .query(
            rs -> {
              genres.put(
                  rs.getObject(1, UUID.class), List.of((String[]) rs.getArray(2).getArray()));
            });
    return genres;
  }
}
