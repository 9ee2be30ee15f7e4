package fm.seda.engine.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How big a demo world is. The sizes follow the seed's sandbox profiles (Smoke, Medium, Large);
 * friend edges are undirected (each is stored once per direction).
 */
public enum DemoProfile {
  SMOKE(1_000, 500, 100, 500, 2_500),
  MEDIUM(20_000, 10_000, 2_000, 10_000, 100_000),
  LARGE(200_000, 100_000, 20_000, 100_000, 1_000_000);

  private final int artists;
  private final int users;
  private final int rooms;
  private final int playlists;
  private final int friendEdges;

  DemoProfile(int artists, int users, int rooms, int playlists, int friendEdges) {
    this.artists = artists;
    this.users = users;
    this.rooms = rooms;
    this.playlists = playlists;
    this.friendEdges = friendEdges;
  }

  public int artists() {
    return artists;
  }

  public int users() {
    return users;
  }

  public int rooms() {
    return rooms;
  }

  public int playlists() {
    return playlists;
  }

  public int friendEdges() {
    return friendEdges;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The profile named {@code id} (smoke, medium, large), or a message listing the valid ones. */
  public static DemoProfile fromId(String id) {
    for (DemoProfile p : values()) {
      if (p.id().equalsIgnoreCase(id.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown demo profile '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(DemoProfile::id).collect(Collectors.joining(", ")));
  }
}
