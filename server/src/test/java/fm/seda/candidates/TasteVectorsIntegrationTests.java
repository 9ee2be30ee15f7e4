package fm.seda.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fm.seda.accounts.Account;
import fm.seda.embeddings.EmbeddingJobs;
import fm.seda.engine.taste.TasteVectorCalculator;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobDeferred;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.StoredVectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@SedaIntegrationTest
class TasteVectorsIntegrationTests {

  static final long SEED = 20261203L;

  @Autowired Candidates candidates;
  @Autowired StoredVectors stored;
  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;
  @Autowired List<JobHandler> handlers;
  @Autowired ApplicationContext context;
  CandidateFixtures world;

  @BeforeEach
  void world() {
    world = CandidateFixtures.of(context);
  }

  @Test
  void choosingGenresGivesATasteVectorAtOnceAsTheMeanOfTheGenreVectors() {
    Account user = world.user(Region.US);

    world.chooseGenres(user, "deep house", "techno", "jazz");

    FetchedVector taste = candidates.tasteVector(user.id(), user.dataResidency()).orElseThrow();
    var genres =
        stored.fetch(
            Region.US,
            "genre",
            List.of("deep house", "techno", "jazz").stream()
                .map(g -> UUID.nameUUIDFromBytes(("genre:" + g).getBytes()))
                .toList());
    assertThat(genres).hasSize(3);
    float[] mean = new float[taste.vector().length];
    genres.values().forEach(g -> add(mean, g.vector()));
    assertThat(TasteVectorCalculator.cosine(taste.vector(), mean)).isCloseTo(1.0, within(1e-5));
    assertThat(taste.meta().region()).isEqualTo("us");
  }

  @Test
  void anEuUsersTasteVectorIsStoredOnlyInTheEuDatabaseAndTaggedEu() {
    Account eu = world.user(Region.EU);

    world.chooseGenres(eu, "ambient", "techno", "soul");

    assertThat(candidates.tasteVector(eu.id(), eu.dataResidency()))
        .get()
        .satisfies(t -> assertThat(t.meta().region()).isEqualTo("eu"));
    assertThat(stored.fetch(Region.EU, "user_taste", List.of(eu.id()))).containsKey(eu.id());
    assertThat(stored.fetch(Region.US, "user_taste", List.of(eu.id()))).isEmpty();
    assertThat(
            regions
                .database(Region.EU)
                .jdbc()
                .sql(
                    "SELECT owner_user_id FROM entity_vectors WHERE entity_type = 'user_taste' AND entity_id = ?")
                .param(eu.id())
                .query(UUID.class)
                .single())
        .isEqualTo(eu.id());
  }

  @Test
  void activityPullsTheTasteTowardsWhatTheUserListensToRecently() {
    var random = new SplittableRandom(SEED);
    float[] recentTheme = world.direction(random);
    float[] oldTheme = world.orthogonal(random, recentTheme);
    UUID recent = world.artist("recent-fav-" + random.nextInt(), "techno");
    UUID old = world.artist("old-fav-" + random.nextInt(), "jazz");
    world.vector("artist", recent, recentTheme, "techno");
    world.vector("artist", old, oldTheme, "jazz");
    Account user = world.user(Region.US);
    // same listen count; the old favourite was last heard four half-lives (120 days) ago
    world
        .activity()
        .listened(recent, 20, Instant.now())
        .listened(old, 20, Instant.now().minus(Duration.ofDays(120)))
        .writeFor(user);

    candidates.signalsChanged(user.id(), user.dataResidency()); // queued (jobs are off here)
    FetchedVector taste = recompute(user);

    double towardsRecent = TasteVectorCalculator.cosine(taste.vector(), recentTheme);
    double towardsOld = TasteVectorCalculator.cosine(taste.vector(), oldTheme);
    // weights 1 : 1/16 on orthogonal directions: cos ≈ 1/√(1 + 1/256) and 1/16 of it
    assertThat(towardsRecent).isGreaterThan(0.99);
    assertThat(towardsOld / towardsRecent).isCloseTo(1.0 / 16, within(0.001));
  }

  /** An EU user whose only signal is an imported top artist whose vector is {@code theme}. */
  private Account userImporting(float[] theme, String artistName) {
    UUID imported = world.artist(artistName, "soul");
    world.vector("artist", imported, theme, "soul");
    Account user = world.user(Region.EU);
    world.imported(user, List.of(imported), List.of());
    return user;
  }

  private void deleteImport(Account user) {
    regions
        .database(Region.EU)
        .jdbc()
        .sql("UPDATE user_profiles SET deleted_at = now() WHERE user_id = ?")
        .param(user.id())
        .update();
  }

  @Test
  void importedTopArtistsShapeTheTasteUntilTheImportIsDeleted() {
    var random = new SplittableRandom(SEED + 1);
    float[] theme = world.direction(random);
    Account user = userImporting(theme, "imported-top-" + random.nextInt());

    FetchedVector taste = recompute(user);
    assertThat(TasteVectorCalculator.cosine(taste.vector(), theme)).isCloseTo(1.0, within(1e-5));

    deleteImport(user);
    assertThat(candidates.recomputeTaste(user.id(), user.dataResidency())).isEmpty();
    assertThat(candidates.tasteVector(user.id(), user.dataResidency())).isEmpty();
  }

  @Test
  void aUsersOwnTasteIsReadFromTheDatabaseEvenWhileOthersReadItFromMemory() {
    var random = new SplittableRandom(SEED + 2);
    Account user = userImporting(world.direction(random), "imported-kept-" + random.nextInt());
    recompute(user);
    // ranking someone else reads this taste as a person candidate's, and keeps it in memory
    assertThat(stored.fetch(Region.EU, "user_taste", List.of(user.id()))).containsKey(user.id());

    deleteImport(user);
    assertThat(candidates.recomputeTaste(user.id(), user.dataResidency())).isEmpty();

    assertThat(candidates.tasteVector(user.id(), user.dataResidency())).isEmpty();
  }

  @Test
  void aUserWithNeitherGenresNorActivityHasNoTasteVector() {
    Account user = world.user(Region.US);
    assertThat(candidates.tasteVector(user.id(), user.dataResidency())).isEmpty();
    assertThat(
            candidates.generate(world.reload(user), CandidateRequest.all(10)).stream()
                .filter(c -> c.sources().contains(CandidateSource.CONTENT)))
        .isEmpty();
  }

  @Test
  void signalsChangedQueuesOneRecomputePerUserHoweverManySignalsArrive() {
    Account user = world.user(Region.US);
    for (int i = 0; i < 5; i++) {
      candidates.signalsChanged(user.id(), user.dataResidency());
    }
    assertThat(
            regions
                .database(Region.US)
                .jdbc()
                .sql(
                    "SELECT count(*) FROM jobs WHERE kind = 'recompute-taste' AND status = 'queued'"
                        + " AND payload->>'user_id' = ?")
                .param(user.id().toString())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void theEveryoneRecomputeWaitsWhileCatalogVectorsAreStillBeingComputed() {
    jobs.enqueue(Region.EU, EmbeddingJobs.CATALOG, Map.of("kind", "artists", "ids", List.of()));
    JobHandler all =
        handlers.stream()
            .filter(h -> h.kind().equals("recompute-taste-all"))
            .findFirst()
            .orElseThrow();

    assertThatThrownBy(
            () -> all.run(new Job(UUID.randomUUID(), Region.EU, all.kind(), Map.of(), 0)))
        .isInstanceOf(JobDeferred.class)
        .hasMessageContaining("catalog embedding jobs still to run");
  }

  private FetchedVector recompute(Account user) {
    return candidates.recomputeTaste(user.id(), user.dataResidency()).orElseThrow();
  }

  private static void add(float[] sum, float[] v) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += v[i];
    }
  }
}
