package fm.seda.testing;

import fm.seda.accounts.Account;
import fm.seda.accounts.Accounts;
import fm.seda.catalog.Catalog;
import fm.seda.catalog.CatalogItems.ArtistInput;
import fm.seda.catalog.CatalogItems.PlaylistInput;
import fm.seda.catalog.CatalogItems.RoomInput;
import fm.seda.catalog.CatalogKind;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.Embeddings;
import fm.seda.embeddings.Purpose;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-built worlds for the candidate tests: users in a chosen region, catalog items with vectors
 * chosen by the test (in the region's real catalog space, so they mix with nothing else), activity
 * summaries and friendships written as the demo loader and the events pipeline write them.
 */
public final class CandidateFixtures {

  private final RegionRouter regions;
  private final Accounts accounts;
  private final Catalog catalog;
  private final VectorStore vectors;
  private final Embeddings embeddings;
  private final JsonMapper json = JsonMapper.builder().build();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private int counter;

  public CandidateFixtures(
      RegionRouter regions,
      Accounts accounts,
      Catalog catalog,
      VectorStore vectors,
      Embeddings embeddings) {
    this.regions = regions;
    this.accounts = accounts;
    this.catalog = catalog;
    this.vectors = vectors;
    this.embeddings = embeddings;
  }

  /** The fixtures over a running test server's beans. */
  public static CandidateFixtures of(org.springframework.context.ApplicationContext context) {
    return new CandidateFixtures(
        context.getBean(RegionRouter.class),
        context.getBean(Accounts.class),
        context.getBean(Catalog.class),
        context.getBean(VectorStore.class),
        context.getBean(Embeddings.class));
  }

  /** A new account living in {@code region}. */
  public Account user(Region region) {
    return user(region, "friends");
  }

  /** A new account with presence "friends" or "hidden". */
  public Account user(Region region, String presence) {
    return user(region, presence, UUID.randomUUID());
  }

  /** A new account with the given id (where it falls in id order matters to paging). */
  public Account user(Region region, String presence, UUID id) {
    String subject = "fixture-" + run + "-" + (++counter);
    regions
        .database(region)
        .jdbc()
        .sql(
            "INSERT INTO users (id, auth_user_id, display_name, data_residency, privacy_settings)"
                + " VALUES (?, ?, ?, ?, jsonb_build_object('presence_default', ?, 'push_opt_in',"
                + " false, 'teen', false, 'allow_non_eu_fallback', false))")
        .params(id, subject, subject, region.residency().code(), presence)
        .update();
    return accounts.require(subject);
  }

  public UUID artist(String name, String... genres) {
    String external = "fx-" + run + "-" + name;
    catalog.upsertArtists(
        List.of(new ArtistInput(external, name, List.of(genres), 50.0, null, null)));
    return CatalogKind.ARTISTS.idFor(external);
  }

  public UUID playlist(String name, String provider, String... genres) {
    String external = "fx-" + run + "-" + name;
    catalog.upsertPlaylists(
        List.of(
            new PlaylistInput(
                external, name, null, provider, List.of(genres), null, 10, 50.0, null)));
    return CatalogKind.PLAYLISTS.idFor(external);
  }

  public UUID room(String name, boolean live, String genre) {
    String external = "fx-" + run + "-" + name;
    catalog.upsertRooms(
        List.of(
            new RoomInput(
                external, name, null, genre, List.of(genre), null, live ? 5 : 0, live, 50.0)));
    return CatalogKind.ROOMS.idFor(external);
  }

  /** Stores {@code vector} for an item in both regions, in each region's catalog space. */
  public void vector(String entityType, UUID id, float[] vector, String... tags) {
    for (Region region : Region.values()) {
      vectors.upsert(
          region,
          List.of(new StoredVector(entityType, id, null, vector, spaceMeta(region), Set.of(tags))));
    }
  }

  public EmbeddingMeta spaceMeta(Region region) {
    Embeddings.ModelSpace space = embeddings.space(region, Purpose.CATALOG);
    return new EmbeddingMeta(
        space.provider(), space.model(), space.dim(), region.code(), "test", Instant.now(), null);
  }

  public int dim() {
    return embeddings.space(Region.US, Purpose.CATALOG).dim();
  }

  /** A random unit direction of the catalog space. */
  public float[] direction(SplittableRandom random) {
    return RandomVectors.unit(random, dim());
  }

  /** A random unit direction exactly orthogonal to each of {@code others} (Gram–Schmidt). */
  public float[] orthogonal(SplittableRandom random, float[]... others) {
    float[] v = direction(random);
    for (float[] o : others) {
      double dot = 0;
      double oo = 0;
      for (int i = 0; i < v.length; i++) {
        dot += v[i] * o[i];
        oo += o[i] * o[i];
      }
      for (int i = 0; i < v.length; i++) {
        v[i] -= (float) (dot / oo * o[i]);
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  /** {@code base} moved a little towards a random direction: near {@code base}, not equal. */
  public float[] near(float[] base, double noise, SplittableRandom random) {
    float[] other = direction(random);
    float[] v = new float[base.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (base[i] + noise * other[i]);
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  /** Activity summary as the loader writes it. */
  public final class Activity {
    private final Map<String, Object> listens = new LinkedHashMap<>();
    private final Map<String, Object> rooms = new LinkedHashMap<>();
    private final List<String> follows = new java.util.ArrayList<>();
    private final List<String> saved = new java.util.ArrayList<>();

    public Activity listened(UUID artist, int count, Instant lastAt) {
      listens.put(artist.toString(), Map.of("count", count, "last_at", lastAt.toString()));
      return this;
    }

    public Activity joined(UUID room, Instant at) {
      rooms.put(room.toString(), at.toString());
      return this;
    }

    public Activity follows(UUID artist) {
      follows.add(artist.toString());
      return this;
    }

    public Activity saved(UUID playlist) {
      saved.add(playlist.toString());
      return this;
    }

    public void writeFor(Account account) {
      regions
          .forResidency(account.dataResidency())
          .jdbc()
          .sql(
              "INSERT INTO user_activity_summary (user_id, listens, room_memberships, follows, saved_playlists)"
                  + " VALUES (?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb) ON CONFLICT (user_id) DO UPDATE SET"
                  + " listens = EXCLUDED.listens, room_memberships = EXCLUDED.room_memberships,"
                  + " follows = EXCLUDED.follows, saved_playlists = EXCLUDED.saved_playlists")
          .params(
              account.id(),
              json.writeValueAsString(listens),
              json.writeValueAsString(rooms),
              json.writeValueAsString(follows),
              json.writeValueAsString(saved))
          .update();
    }
  }

  public Activity activity() {
    return new Activity();
  }

  /** An imported provider summary: the user's top artists and playlists. */
  public void imported(Account account, List<UUID> topArtists, List<UUID> topPlaylists) {
    regions
        .forResidency(account.dataResidency())
        .jdbc()
        .sql(
            "INSERT INTO user_profiles (user_id, top_artists, top_playlists) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET top_artists = EXCLUDED.top_artists,"
                + " top_playlists = EXCLUDED.top_playlists, deleted_at = NULL")
        .params(account.id(), topArtists.toArray(UUID[]::new), topPlaylists.toArray(UUID[]::new))
        .update();
  }

  /** A mutual friendship: one row per direction, each in its owner's region. */
  public void friends(Account a, Account b) {
    for (Account[] pair : new Account[][] {{a, b}, {b, a}}) {
      regions
          .forResidency(pair[0].dataResidency())
          .jdbc()
          .sql("INSERT INTO friends (user_id, friend_user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
          .params(pair[0].id(), pair[1].id())
          .update();
    }
  }

  public void chooseGenres(Account account, String... genres) {
    accounts.chooseGenres(authSubject(account), List.of(genres));
  }

  public String authSubject(Account account) {
    return regions
        .forResidency(account.dataResidency())
        .jdbc()
        .sql("SELECT auth_user_id FROM users WHERE id = ?")
        .param(account.id())
        .query(String.class)
        .single();
  }

  public Account reload(Account account) {
    return accounts.require(authSubject(account));
  }

  public void delete(Account account) {
    regions
        .forResidency(account.dataResidency())
        .jdbc()
        .sql("UPDATE users SET deleted_at = now() WHERE id = ?")
        .param(account.id())
        .update();
  }
}
