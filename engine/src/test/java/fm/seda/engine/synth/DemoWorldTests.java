package fm.seda.engine.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoWorldTests {

  static final long SEED = 42;
  static List<GenreRef> taxonomy;
  static DemoWorld world;

  @BeforeAll
  static void generate() {
    taxonomy = new ArrayList<>();
    String[] families = {"electronic", "rock", "jazz", "hip hop", "latin"};
    for (String family : families) {
      for (int i = 0; i < 12; i++) {
        taxonomy.add(new GenreRef(family, family + " " + i));
      }
    }
    world = DemoWorld.generate(DemoProfile.SMOKE, taxonomy, SEED, ProgressListener.NONE);
  }

  @Test
  void sameSeedGivesTheSameWorld() {
    DemoWorld again = DemoWorld.generate(DemoProfile.SMOKE, taxonomy, SEED, ProgressListener.NONE);

    assertThat(again.artists()).isEqualTo(world.artists());
    assertThat(again.users().get(123).favoriteGenres())
        .isEqualTo(world.users().get(123).favoriteGenres());
    assertThat(again.friendA(77)).isEqualTo(world.friendA(77));
  }

  @Test
  void worldHasTheProfileSizes() {
    assertThat(world.artists()).hasSize(DemoProfile.SMOKE.artists());
    assertThat(world.users()).hasSize(DemoProfile.SMOKE.users());
    assertThat(world.playlists()).hasSize(DemoProfile.SMOKE.playlists());
    assertThat(world.rooms()).hasSize(DemoProfile.SMOKE.rooms());
    assertThat(world.friendEdgeCount()).isEqualTo(DemoProfile.SMOKE.friendEdges());
  }

  @Test
  void artistPopularityFollowsAPowerLaw() {
    // Undo the log scale: weights are 10^(popularity/20). Under Zipf(1.05) over 1,000 artists the
    // top 1 % hold about 40 % of the weight; a uniform world would give them 1 %.
    double[] weights =
        world.artists().stream()
            .mapToDouble(a -> Math.pow(10, a.popularity() / 20))
            .sorted()
            .toArray();
    double total = Arrays.stream(weights).sum();
    double top =
        Arrays.stream(weights, weights.length - weights.length / 100, weights.length).sum();

    assertThat(top / total).isGreaterThan(0.25);
    assertThat(world.artists()).allSatisfy(a -> assertThat(a.popularity()).isBetween(0.0, 100.0));
  }

  @Test
  void playlistsAreGenreCoherent() {
    int coherent = 0;
    int featured = 0;
    for (DemoWorld.Playlist p : world.playlists()) {
      for (int a : p.artists()) {
        featured++;
        if (world.artists().get(a).genres().stream().anyMatch(p.genres()::contains)) {
          coherent++;
        }
      }
    }
    assertThat(featured).isPositive();
    assertThat((double) coherent / featured).isEqualTo(1.0);
  }

  @Test
  void friendGraphIsClusteredWithoutSelfOrRepeatedEdges() {
    Set<Long> edges = new HashSet<>();
    int inside = 0;
    for (int e = 0; e < world.friendEdgeCount(); e++) {
      int a = world.friendA(e);
      int b = world.friendB(e);
      assertThat(a).isNotEqualTo(b);
      assertThat(edges.add(((long) Math.min(a, b) << 32) | Math.max(a, b))).isTrue();
      if (world.users().get(a).community() == world.users().get(b).community()) {
        inside++;
      }
    }
    // 85 % of edges are drawn inside the community; random ones rarely land there by chance.
    assertThat((double) inside / world.friendEdgeCount()).isGreaterThan(0.8);
  }

  @Test
  void usersListenMostlyToTheirFavouriteGenres() {
    for (DemoWorld.User u : world.users().subList(0, 50)) {
      assertThat(u.favoriteGenres()).hasSizeGreaterThanOrEqualTo(3);
      for (int a : u.listenedArtists()) {
        assertThat(world.artists().get(a).genres()).containsAnyElementsOf(u.favoriteGenres());
      }
    }
  }

  @Test
  void aboutAThirdOfUsersAreEuResidents() {
    long eu = world.users().stream().filter(DemoWorld.User::eu).count();

    assertThat((double) eu / world.users().size()).isBetween(0.22, 0.38);
  }

  @Test
  void unknownProfileNamesTheValidOnes() {
    assertThatThrownBy(() -> DemoProfile.fromId("huge"))
        .hasMessageContaining("smoke, medium, large");
    assertThat(DemoProfile.fromId("Large")).isEqualTo(DemoProfile.LARGE);
  }
}
