package fm.seda.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.ProgressListener;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.testing.SedaIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

@SedaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataIntegrationTests {

  @Autowired DemoData demo;
  @Autowired RegionRouter regions;
  DemoData.SeedReport report;

  @BeforeAll
  void seedSmoke() {
    report = demo.seed(DemoProfile.SMOKE, ProgressListener.NONE);
  }

  @Test
  void smokeProfileHasItsAdvertisedSize() {
    assertThat(report.artists()).isEqualTo(1_000);
    assertThat(report.users()).isEqualTo(500);
    assertThat(report.euUsers()).isBetween(100, 200);
    assertThat(
            count(Region.EU, "SELECT count(*) FROM artists WHERE external_id LIKE 'demo-artist-%'"))
        .isEqualTo(1_000);
  }

  @Test
  void catalogIsIdenticalInBothRegions() {
    for (String table : new String[] {"artists", "playlists", "rooms"}) {
      String sql =
          "SELECT md5(string_agg(id::text || name || popularity_score, ',' ORDER BY id)) FROM "
              + table
              + " WHERE external_id LIKE 'demo-%'";
      String eu = regions.database(Region.EU).jdbc().sql(sql).query(String.class).single();
      String us = regions.database(Region.US).jdbc().sql(sql).query(String.class).single();
      assertThat(eu).as(table).isEqualTo(us).isNotNull();
    }
  }

  @Test
  void everyPersonalRowLivesInItsOwnersRegion() {
    assertThat(count(Region.EU, "SELECT count(*) FROM users WHERE data_residency <> 'eu'"))
        .isZero();
    assertThat(count(Region.US, "SELECT count(*) FROM users WHERE data_residency <> 'non-eu'"))
        .isZero();
    assertThat(
            count(
                Region.EU,
                "SELECT count(*) FROM users WHERE display_name IS NOT NULL AND data_residency = 'eu'"))
        .isGreaterThanOrEqualTo(report.euUsers());
    for (RegionalDatabase db : regions.all()) {
      for (String table : new String[] {"user_profiles", "user_activity_summary", "friends"}) {
        assertThat(
                count(
                    db.region(),
                    "SELECT count(*) FROM "
                        + table
                        + " t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)"))
            .as(table + " rows without an owner in region " + db.region().code())
            .isZero();
      }
    }
  }

  @Test
  void friendshipsAreStoredInBothDirections() {
    long directed =
        count(Region.EU, "SELECT count(*) FROM friends")
            + count(Region.US, "SELECT count(*) FROM friends");
    assertThat(directed).isGreaterThanOrEqualTo(2L * report.friendEdges());
  }

  @Test
  void seedingAgainChangesNothing() {
    long users =
        count(Region.EU, "SELECT count(*) FROM users")
            + count(Region.US, "SELECT count(*) FROM users");
    long friends =
        count(Region.EU, "SELECT count(*) FROM friends")
            + count(Region.US, "SELECT count(*) FROM friends");
    long artists = count(Region.US, "SELECT count(*) FROM artists");

    demo.seed(DemoProfile.SMOKE, ProgressListener.NONE);

    assertThat(
            count(Region.EU, "SELECT count(*) FROM users")
                + count(Region.US, "SELECT count(*) FROM users"))
        .isEqualTo(users);
    assertThat(
            count(Region.EU, "SELECT count(*) FROM friends")
                + count(Region.US, "SELECT count(*) FROM friends"))
        .isEqualTo(friends);
    assertThat(count(Region.US, "SELECT count(*) FROM artists")).isEqualTo(artists);
  }

  @Test
  void aSeedQueuesTheTasteModelAndPopularityRebuildsRatherThanWaitingForTheNight() {
    for (Region region : Region.values()) {
      for (String kind : new String[] {"recompute-taste-all", "train-collaborative"}) {
        assertThat(count(region, "SELECT count(*) FROM jobs WHERE kind = '" + kind + "'"))
            .as(kind + " in " + region)
            .isPositive();
      }
    }
    assertThat(count(Region.US, "SELECT count(*) FROM jobs WHERE kind = 'refresh-popularity'"))
        .isPositive();
  }

  private long count(Region region, String sql) {
    return regions.database(region).jdbc().sql(sql).query(Long.class).single();
  }
}
