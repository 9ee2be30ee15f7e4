package fm.seda.candidates.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.SedaIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The top lists served from the per-genre cache are exactly what the table gives for the same
 * genres, exclusions and limit: same items, same order (ties broken by id as PostgreSQL does).
 */
@SedaIntegrationTest
class PopularityTopListsIntegrationTests {

  static final long SEED = 20261204L;

  @Autowired PopularityStore store;
  @Autowired RegionRouter regions;

  List<String> genres;
  List<UUID> items;

  @BeforeEach
  void table() {
    var random = new SplittableRandom(SEED);
    String prefix = "toplists-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    genres = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e");
    items = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      UUID id = UUID.randomUUID();
      items.add(id);
      var own = new HashSet<String>();
      // genre a is small (30 items), the others large; some items have two genres
      own.add(i < 30 ? genres.get(0) : genres.get(1 + random.nextInt(4)));
      if (random.nextInt(4) == 0) {
        own.add(genres.get(1 + random.nextInt(4)));
      }
      // coarse values, so that many items tie and the id decides
      double popularity = random.nextInt(20) / 20.0;
      double trending = random.nextInt(6) - 2;
      regions
          .database(Region.US)
          .jdbc()
          .sql(
              "INSERT INTO item_popularity (entity_type, entity_id, genres, popularity, trending,"
                  + " computed_at) VALUES ('artist', ?, ?::text[], ?, ?, ?)")
          .params(
              id, own.toArray(String[]::new), popularity, trending, Timestamp.from(Instant.now()))
          .update();
    }
    store.reload(); // as a refresh does after replacing the table
  }

  @Test
  void mergedGenreListsEqualTheTableForRandomGenresExclusionsAndLimits() {
    var random = new SplittableRandom(SEED + 1);
    for (int trial = 0; trial < 150; trial++) {
      var scope = new HashSet<String>();
      int n = random.nextInt(4); // 0: all genres
      while (scope.size() < n) {
        scope.add(genres.get(random.nextInt(genres.size())));
      }
      var exclude = new HashSet<UUID>();
      int excluded = random.nextInt(3) == 0 ? random.nextInt(300) : random.nextInt(10);
      while (exclude.size() < excluded) {
        exclude.add(items.get(random.nextInt(items.size())));
      }
      int limit = 1 + random.nextInt(60);

      assertThat(store.mostPopular(Region.US, "artist", scope, exclude, limit))
          .as("popular, trial %d", trial)
          .isEqualTo(fromTable(scope, exclude, limit, false));
      assertThat(store.trending(Region.US, "artist", scope, exclude, limit))
          .as("trending, trial %d", trial)
          .isEqualTo(fromTable(scope, exclude, limit, true));
    }
  }

  @Test
  void aReloadHoldsEveryGenresListAsTheTableGivesIt() {
    for (String genre : genres) {
      for (String order : List.of("popularity", "trending")) {
        assertThat(store.held(Region.US, "artist", order, genre))
            .as("%s list of %s, loaded by the reload", order, genre)
            .isEqualTo(
                store.uncached(
                    Region.US,
                    "artist",
                    Set.of(genre),
                    Set.of(),
                    PopularityStore.LIST_SIZE,
                    order));
      }
    }
  }

  @Test
  void aUserWhoExcludesMostOfAGenreStillGetsTheTablesAnswer() {
    // more excluded than the cached list's margin: the cache cannot answer alone
    var exclude = new HashSet<>(items.subList(0, 390));
    Set<String> scope = Set.of(genres.get(1), genres.get(2));
    assertThat(store.mostPopular(Region.US, "artist", scope, exclude, 5))
        .isEqualTo(fromTable(scope, exclude, 5, false))
        .isNotEmpty();
  }

  @Test
  void listsAreKeptUntilTheTableIsRecomputedAndReloadedWhenAnotherNodeRecomputesIt() {
    Set<String> scope = Set.of(genres.get(0));
    List<ItemPopularity> before = store.mostPopular(Region.US, "artist", scope, Set.of(), 5);
    UUID last = items.get(29); // genre a's items are the first 30
    var db = regions.database(Region.US).jdbc();
    store.reloadIfChanged(); // the versions as they are now

    // a row changed without a new version (no refresh ran): the kept list still answers
    db.sql("UPDATE item_popularity SET popularity = 1 WHERE entity_id = ?").param(last).update();
    store.reloadIfChanged();
    assertThat(store.mostPopular(Region.US, "artist", scope, Set.of(), 5)).isEqualTo(before);

    // another node's refresh: a newer computed_at is the new version, and the lists follow it
    db.sql(
            "UPDATE item_popularity SET computed_at = now() + interval '1 minute' WHERE entity_id = ?")
        .param(last)
        .update();
    store.reloadIfChanged();
    assertThat(store.mostPopular(Region.US, "artist", scope, Set.of(), 5))
        .extracting(ItemPopularity::entityId)
        .startsWith(last);
  }

  private List<ItemPopularity> fromTable(
      Set<String> scope, Set<UUID> exclude, int limit, boolean trending) {
    return store.uncached(
        Region.US, "artist", scope, exclude, limit, trending ? "trending" : "popularity");
  }
}
