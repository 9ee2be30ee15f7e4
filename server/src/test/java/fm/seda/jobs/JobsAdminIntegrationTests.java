package fm.seda.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@SedaIntegrationTest
class JobsAdminIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired Jobs jobs;
  Api api;

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void anOperatorPausesAndResumesTheNightlyFeedRanking() {
    String admin = TestUsers.admin(api, regions);

    var paused = api.post("/admin/jobs/rank-feeds-all/pause", admin, null);

    assertThat(paused.status()).as(paused.raw().body()).isEqualTo(200);
    assertThat(jobs.pausedKinds()).contains("rank-feeds-all");
    List<String> listed = new ArrayList<>();
    paused.json().get("paused_kinds").forEach(k -> listed.add(k.asString()));
    assertThat(listed).contains("rank-feeds-all");

    var resumed = api.post("/admin/jobs/rank-feeds-all/resume", admin, null);

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(jobs.pausedKinds()).doesNotContain("rank-feeds-all");
  }

  @Test
  void unknownKindsAndNonAdminsAreRefused() {
    String admin = TestUsers.admin(api, regions);
    var unknown = api.post("/admin/jobs/no-such-job/pause", admin, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.problemSlug()).isEqualTo("unknown-job-kind");
    assertThat(unknown.json().get("detail").asString()).contains("rank-feeds-all");

    assertThat(api.post("/admin/jobs/rank-feeds-all/pause", TestUsers.user(api), null).status())
        .isEqualTo(403);
  }

  @Test
  void anOperatorRunsTheNightlyFeedRankingNowInEveryRegionOnce() {
    String admin = TestUsers.admin(api, regions);
    var first = api.post("/admin/jobs/rank-feeds-all/run", admin, null);
    var again = api.post("/admin/jobs/rank-feeds-all/run", admin, null);

    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    List<String> inRegions = new ArrayList<>();
    first.json().get("regions").forEach(r -> inRegions.add(r.asString()));
    assertThat(inRegions).containsExactlyInAnyOrder("eu", "us");
    assertThat(again.status()).isEqualTo(200);
    List<String> waiting = new ArrayList<>();
    again.json().get("already_waiting").forEach(r -> waiting.add(r.asString()));
    assertThat(waiting).containsExactlyInAnyOrder("eu", "us");
    // one waiting run per region, however often it is asked for
    regions.all().forEach(db -> assertThat(queued(db, "rank-feeds-all")).isEqualTo(1));
  }

  @Test
  void aKindThatIsNotRecurringCannotBeRunNow() {
    var refused = api.post("/admin/jobs/rank-feed/run", TestUsers.admin(api, regions), null);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.problemSlug()).isEqualTo("not-a-recurring-job");
    assertThat(refused.json().get("detail").asString()).contains("rank-feeds-all");
  }

  private static long queued(fm.seda.regions.RegionalDatabase db, String kind) {
    return db.jdbc()
        .sql("SELECT count(*) FROM jobs WHERE kind = ? AND status = 'queued'")
        .param(kind)
        .query(Long.class)
        .single();
  }
}
