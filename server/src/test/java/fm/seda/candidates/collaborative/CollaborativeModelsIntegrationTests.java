package fm.seda.candidates.collaborative;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidates;
import fm.seda.candidates.TrainingReport;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

@SedaIntegrationTest
class CollaborativeModelsIntegrationTests {

  @Autowired ApplicationContext context;
  @Autowired Candidates candidates;
  @Autowired RegionRouter regions;
  @Autowired JsonMapper json;

  @Test
  void aRestartedNodeServesTheNewestStoredVersionWithItemFactorsOnly() {
    var world = CandidateFixtures.of(context);
    UUID a = world.artist("restart-a-" + UUID.randomUUID(), "enka");
    UUID b = world.artist("restart-b-" + UUID.randomUUID(), "enka");
    for (int i = 0; i < 3; i++) {
      Account user = world.user(Region.EU);
      world.activity().listened(a, 3, Instant.now()).listened(b, 3, Instant.now()).writeFor(user);
    }
    TrainingReport report = candidates.trainCollaborative(Region.EU);

    var restarted = new CollaborativeModels(regions, json);
    ServingModel loaded = restarted.loadNewest(Region.EU).orElseThrow();

    assertThat(loaded.version()).isEqualTo(report.version());
    assertThat(loaded.model().users()).isZero();
    assertThat(loaded.indexOf(new fm.seda.candidates.internal.ItemKey("artist", a)))
        .isNotNegative();
    assertThat(restarted.current(Region.EU)).containsSame(loaded);
  }

  @Test
  void trainingsBackToBackPublishDistinctVersionsAndTheLaterServes() {
    var world = CandidateFixtures.of(context);
    UUID a = world.artist("again-a-" + UUID.randomUUID(), "enka");
    UUID b = world.artist("again-b-" + UUID.randomUUID(), "enka");
    Account user = world.user(Region.EU);
    world.activity().listened(a, 2, Instant.now()).listened(b, 2, Instant.now()).writeFor(user);

    // tiny data trains in milliseconds: these two land in the same second, usually the same ms
    TrainingReport first = candidates.trainCollaborative(Region.EU);
    TrainingReport second = candidates.trainCollaborative(Region.EU);

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(candidates.collaborativeModelVersion(Region.EU)).contains(second.version());
  }
}
