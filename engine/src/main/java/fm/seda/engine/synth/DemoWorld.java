package fm.seda.engine.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A generated music world. Built by {@link #generate}; everything is derived from the seed, so the
 * same profile and seed give the same world (tests and evaluations rely on that).
 *
 * <p>Design notes. Artist popularity follows a Zipf law (exponent {@value #ZIPF_EXPONENT}) over a
 * random ranking, then is log-scaled to 0–100 like Spotify's popularity index, so a few artists
 * dominate listens while the long tail stays visible. Genres are themselves Zipf-sized, so "pop"
 * has many artists and "gagaku" a handful. Users belong to communities (a taste family × a town)
 * and most friendships stay inside a community, which gives the clustered graph that social
 * recommendation needs; the rest are random ties between communities.
 */
public final class DemoWorld {

  static final double ZIPF_EXPONENT = 1.05;
  private static final double FRIENDS_INSIDE_COMMUNITY = 0.85;
  private static final double EU_SHARE = 0.3;
  private static final int COMMUNITY_SIZE = 120;

  public record Artist(
      int index, String externalId, String name, List<String> genres, double popularity) {}

  public record Playlist(
      int index,
      String externalId,
      String name,
      List<String> genres,
      int[] artists,
      int trackCount,
      double popularity) {}

  public record Room(
      int index,
      String externalId,
      String name,
      String genre,
      List<String> genres,
      int participants,
      boolean live,
      double popularity) {}

  /** A user and their listening summary (indices into artists, rooms and playlists). */
  public record User(
      int index,
      String handle,
      boolean eu,
      List<String> favoriteGenres,
      int community,
      boolean presenceHidden,
      int[] listenedArtists,
      int[] listenCounts,
      int[] listenAgeDays,
      int[] rooms,
      int[] follows,
      int[] savedPlaylists) {}

  private final DemoProfile profile;
  private final List<Artist> artists;
  private final List<Playlist> playlists;
  private final List<Room> rooms;
  private final List<User> users;
  private final int[] friendA;
  private final int[] friendB;

  private DemoWorld(
      DemoProfile profile,
      List<Artist> artists,
      List<Playlist> playlists,
      List<Room> rooms,
      List<User> users,
      int[] friendA,
      int[] friendB) {
    this.profile = profile;
    this.artists = artists;
    this.playlists = playlists;
    this.rooms = rooms;
    this.users = users;
    this.friendA = friendA;
    this.friendB = friendB;
  }

  public DemoProfile profile() {
    return profile;
  }

  public List<Artist> artists() {
    return artists;
  }

  public List<Playlist> playlists() {
    return playlists;
  }

  public List<Room> rooms() {
    return rooms;
  }

  public List<User> users() {
    return users;
  }

  public int friendEdgeCount() {
    return friendA.length;
  }

  /** One end of undirected friendship {@code edge}; the other is {@link #friendB}. */
  public int friendA(int edge) {
    return friendA[edge];
  }

  public int friendB(int edge) {
    return friendB[edge];
  }

  public static DemoWorld generate(
      DemoProfile profile, List<GenreRef> taxonomy, long seed, ProgressListener progress) {
    if (taxonomy.size() < 10) {
      throw new IllegalArgumentException(
          "a demo world needs at least 10 genres, got " + taxonomy.size());
    }
    var random = new SplittableRandom(seed);
    var names = new Names(random.split());
    var genres = new GenreSpace(taxonomy, random.split());

    List<Artist> artists = artists(profile, genres, names, random.split(), progress);
    ArtistSampler sampler = new ArtistSampler(artists, genres.genreNames());
    List<Playlist> playlists = playlists(profile, genres, sampler, names, random.split(), progress);
    List<Room> rooms = rooms(profile, genres, names, random.split(), progress);
    var roomsByGenre = indexByGenre(rooms.size(), i -> rooms.get(i).genres());
    var playlistsByGenre = indexByGenre(playlists.size(), i -> playlists.get(i).genres());
    List<User> users =
        users(
            profile,
            genres,
            sampler,
            roomsByGenre,
            playlistsByGenre,
            names,
            random.split(),
            progress);
    int[][] edges = friendships(profile, users, random.split(), progress);
    return new DemoWorld(profile, artists, playlists, rooms, users, edges[0], edges[1]);
  }

  private static List<Artist> artists(
      DemoProfile profile,
      GenreSpace genres,
      Names names,
      SplittableRandom random,
      ProgressListener progress) {
    int n = profile.artists();
    double[] popularity = zipfPopularity(n, random);
    var artists = new ArrayList<Artist>(n);
    for (int i = 0; i < n; i++) {
      String primary = genres.sampleGenre(random);
      var artistGenres = new LinkedHashSet<String>();
      artistGenres.add(primary);
      int extra = random.nextInt(3); // 0-2 neighbouring genres of the same family
      for (int k = 0; k < extra; k++) {
        artistGenres.add(genres.sampleSibling(primary, random));
      }
      artists.add(
          new Artist(
              i, "demo-artist-" + i, names.artist(), List.copyOf(artistGenres), popularity[i]));
      if ((i + 1) % 5_000 == 0 || i + 1 == n) {
        progress.progress("artists", i + 1, n);
      }
    }
    return artists;
  }

  /** Zipf weights over a random ranking, log-scaled to 0–100. */
  static double[] zipfPopularity(int n, SplittableRandom random) {
    int[] rank = permutation(n, random);
    double logMax = 0;
    double logMin = -ZIPF_EXPONENT * Math.log(n);
    double[] popularity = new double[n];
    for (int i = 0; i < n; i++) {
      double logWeight = -ZIPF_EXPONENT * Math.log(rank[i] + 1.0);
      popularity[i] = Math.round(1000 * 100 * (logWeight - logMin) / (logMax - logMin)) / 1000.0;
    }
    return popularity;
  }

  private static List<Playlist> playlists(
      DemoProfile profile,
      GenreSpace genres,
      ArtistSampler sampler,
      Names names,
      SplittableRandom random,
      ProgressListener progress) {
    int n = profile.playlists();
    double[] popularity = zipfPopularity(n, random);
    var playlists = new ArrayList<Playlist>(n);
    for (int i = 0; i < n; i++) {
      String genre = genres.sampleGenre(random);
      var playlistGenres = new LinkedHashSet<String>();
      playlistGenres.add(genre);
      if (random.nextDouble() < 0.4) {
        playlistGenres.add(genres.sampleSibling(genre, random));
      }
      int wanted = 5 + random.nextInt(16);
      var featured = new LinkedHashSet<Integer>();
      for (String g : playlistGenres) {
        for (int k = 0; k < wanted * 2 && featured.size() < wanted; k++) {
          int a = sampler.sample(g, random);
          if (a >= 0) {
            featured.add(a);
          }
        }
      }
      playlists.add(
          new Playlist(
              i,
              "demo-playlist-" + i,
              names.playlist(genre),
              List.copyOf(playlistGenres),
              featured.stream().mapToInt(Integer::intValue).toArray(),
              10 + random.nextInt(190),
              popularity[i]));
      if ((i + 1) % 5_000 == 0 || i + 1 == n) {
        progress.progress("playlists", i + 1, n);
      }
    }
    return playlists;
  }

  private static List<Room> rooms(
      DemoProfile profile,
      GenreSpace genres,
      Names names,
      SplittableRandom random,
      ProgressListener progress) {
    int n = profile.rooms();
    double[] popularity = zipfPopularity(n, random);
    var rooms = new ArrayList<Room>(n);
    for (int i = 0; i < n; i++) {
      String genre = genres.sampleGenre(random);
      var roomGenres = new LinkedHashSet<String>();
      roomGenres.add(genre);
      if (random.nextDouble() < 0.5) {
        roomGenres.add(genres.sampleSibling(genre, random));
      }
      boolean live = random.nextDouble() < 0.35;
      // Popular rooms draw crowds: participants grow with popularity, and only live rooms have any.
      int participants =
          live ? (int) Math.round(Math.pow(popularity[i] / 100.0, 3) * 400 + random.nextInt(5)) : 0;
      rooms.add(
          new Room(
              i,
              "demo-room-" + i,
              names.room(genre),
              genre,
              List.copyOf(roomGenres),
              participants,
              live,
              popularity[i]));
      if ((i + 1) % 2_000 == 0 || i + 1 == n) {
        progress.progress("rooms", i + 1, n);
      }
    }
    return rooms;
  }

  private static List<User> users(
      DemoProfile profile,
      GenreSpace genres,
      ArtistSampler sampler,
      Map<String, int[]> roomsByGenre,
      Map<String, int[]> playlistsByGenre,
      Names names,
      SplittableRandom random,
      ProgressListener progress) {
    int n = profile.users();
    int communities = Math.max(1, n / COMMUNITY_SIZE);
    String[] communityFamily = new String[communities];
    for (int c = 0; c < communities; c++) {
      communityFamily[c] = genres.sampleFamily(random);
    }
    var users = new ArrayList<User>(n);
    for (int i = 0; i < n; i++) {
      int community = random.nextInt(communities);
      var favorites = new LinkedHashSet<String>();
      int fromHome = 2 + random.nextInt(3);
      for (int k = 0; k < fromHome * 3 && favorites.size() < fromHome; k++) {
        favorites.add(genres.sampleInFamily(communityFamily[community], random));
      }
      int other = 1 + random.nextInt(2);
      for (int k = 0; k < other * 3 && favorites.size() < fromHome + other; k++) {
        favorites.add(genres.sampleGenre(random));
      }
      List<String> favoriteList = List.copyOf(favorites);

      int listenTarget = 8 + random.nextInt(23);
      var listened = new LinkedHashMap<Integer, Integer>();
      for (int k = 0; k < listenTarget * 3 && listened.size() < listenTarget; k++) {
        int a = sampler.sample(favoriteList.get(random.nextInt(favoriteList.size())), random);
        if (a >= 0) {
          listened.merge(a, 1 + (int) (-Math.log(1 - random.nextDouble()) * 20), Integer::sum);
        }
      }
      int[] listenedArtists = listened.keySet().stream().mapToInt(Integer::intValue).toArray();
      int[] counts = listened.values().stream().mapToInt(Integer::intValue).toArray();
      int[] ages = new int[listenedArtists.length];
      for (int k = 0; k < ages.length; k++) {
        ages[k] = random.nextInt(60);
      }
      int[] follows =
          Arrays.stream(listenedArtists).filter(a -> random.nextDouble() < 0.3).limit(10).toArray();
      int[] joined = pick(favoriteList, roomsByGenre, random.nextInt(6), random);
      int[] saved = pick(favoriteList, playlistsByGenre, random.nextInt(6), random);
      users.add(
          new User(
              i,
              names.handle(i),
              random.nextDouble() < EU_SHARE,
              favoriteList,
              community,
              random.nextDouble() < 0.1,
              listenedArtists,
              counts,
              ages,
              joined,
              follows,
              saved));
      if ((i + 1) % 5_000 == 0 || i + 1 == n) {
        progress.progress("users", i + 1, n);
      }
    }
    return users;
  }

  private static int[] pick(
      List<String> genres, Map<String, int[]> byGenre, int count, SplittableRandom random) {
    var chosen = new LinkedHashSet<Integer>();
    for (int k = 0; k < count * 3 && chosen.size() < count; k++) {
      int[] candidates = byGenre.get(genres.get(random.nextInt(genres.size())));
      if (candidates != null && candidates.length > 0) {
        chosen.add(candidates[random.nextInt(candidates.length)]);
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[][] friendships(
      DemoProfile profile, List<User> users, SplittableRandom random, ProgressListener progress) {
    int n = users.size();
    long possible = (long) n * (n - 1) / 2;
    int target = (int) Math.min(profile.friendEdges(), possible / 2);
    var members = new LinkedHashMap<Integer, List<Integer>>();
    for (User u : users) {
      members.computeIfAbsent(u.community(), c -> new ArrayList<>()).add(u.index());
    }
    int[][] byCommunity = new int[members.size()][];
    int[] communityOf = new int[n];
    int c = 0;
    for (var entry : members.values()) {
      byCommunity[c] = entry.stream().mapToInt(Integer::intValue).toArray();
      for (int u : byCommunity[c]) {
        communityOf[u] = c;
      }
      c++;
    }
    int[] a = new int[target];
    int[] b = new int[target];
    Set<Long> seen = new HashSet<>(target * 2);
    int made = 0;
    while (made < target) {
      int x = random.nextInt(n);
      int[] community = byCommunity[communityOf[x]];
      int y =
          random.nextDouble() < FRIENDS_INSIDE_COMMUNITY && community.length > 1
              ? community[random.nextInt(community.length)]
              : random.nextInt(n);
      if (x == y) {
        continue;
      }
      long key = ((long) Math.min(x, y) << 32) | Math.max(x, y);
      if (!seen.add(key)) {
        continue;
      }
      a[made] = x;
      b[made] = y;
      made++;
      if (made % 50_000 == 0 || made == target) {
        progress.progress("friendships", made, target);
      }
    }
    return new int[][] {a, b};
  }

  private static Map<String, int[]> indexByGenre(
      int size, java.util.function.IntFunction<List<String>> genresOf) {
    var lists = new LinkedHashMap<String, List<Integer>>();
    for (int i = 0; i < size; i++) {
      for (String g : genresOf.apply(i)) {
        lists.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
      }
    }
    var arrays = new LinkedHashMap<String, int[]>();
    lists.forEach((g, l) -> arrays.put(g, l.stream().mapToInt(Integer::intValue).toArray()));
    return arrays;
  }

  static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
