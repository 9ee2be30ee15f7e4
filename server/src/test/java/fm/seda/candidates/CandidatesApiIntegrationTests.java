package fm.seda.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SedaIntegrationTest
class CandidatesApiIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired Candidates candidates;
  @Autowired ApplicationContext context;
  CandidateFixtures world;
  Api api;

  @BeforeEach
  void api() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
  }

  @Test
  void aNewUserWhoChoseGenresSeesPopularRoomsOfThoseGenresWithEveryFeature() {
    UUID room = world.room("api-enka-room", true, "enka");
    world.vector("room", room, world.direction(new SplittableRandom(7)), "enka");
    candidates.refreshPopularity();
    String token = TestUsers.user(api);
    api.put("/me/genres", token, Api.json("{'genres': ['enka', 'fado', 'zouk']}"));

    var response = api.get("/me/candidates?entity_type=room&per_source=50", token);

    assertThat(response.status()).isEqualTo(200);
    JsonNode found = null;
    for (JsonNode c : response.json()) {
      if (c.get("entity_id").asString().equals(room.toString())) {
        found = c;
      }
    }
    assertThat(found).as("the fixture room among the candidates").isNotNull();
    assertThat(found.get("entity_type").asString()).isEqualTo("room");
    assertThat(found.get("genres").get(0).asString()).isEqualTo("enka");
    assertThat(found.get("source_scores").has("POPULARITY")).isTrue();
    JsonNode features = found.get("features");
    for (String feature :
        new String[] {
          "embedding_similarity",
          "collaborative_score",
          "friend_presence_count",
          "friend_count",
          "named_friends",
          "recency",
          "popularity",
          "trending",
          "provider_affinity"
        }) {
      assertThat(features.has(feature)).as(feature).isTrue();
    }
    assertThat(features.get("popularity").asDouble()).isPositive();
    assertThat(features.get("recency").asDouble()).isEqualTo(1.0);
  }

  @Test
  void badCandidateRequestsAreRefusedWithProblemsThatSayWhy() {
    String token = TestUsers.user(api);
    var unknownType = api.get("/me/candidates?entity_type=track", token);
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.problemSlug()).isEqualTo("invalid-candidate-request");
    assertThat(unknownType.json().get("detail").asString()).contains("unknown entity type 'track'");

    var tooMany = api.get("/me/candidates?per_source=501", token);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("detail").asString()).contains("perSource must be 1..500");

    var unknownGenre = api.get("/me/candidates?genre=nope-core", token);
    assertThat(unknownGenre.status()).isEqualTo(400);
    assertThat(unknownGenre.problemSlug()).isEqualTo("unknown-genre");
  }

  @Test
  void operatorsSeeSourcesStatusAndQueueTrainingButUsersMayNot() {
    String user = TestUsers.user(api);
    String admin = TestUsers.admin(api, regions);

    assertThat(api.get("/admin/candidates/status", user).status()).isEqualTo(403);
    assertThat(api.post("/admin/candidates/train?region=eu", user, null).status()).isEqualTo(403);

    var status = api.get("/admin/candidates/status", admin);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().size()).isEqualTo(2);
    assertThat(status.json().get(0).get("region").asString()).isEqualTo("eu");

    var train = api.post("/admin/candidates/train?region=eu", admin, null);
    assertThat(train.status()).isEqualTo(202);
    assertThat(train.json().get("job_id").asString()).isNotBlank();
    assertThat(api.post("/admin/candidates/train?region=mars", admin, null).problemSlug())
        .isEqualTo("unknown-region");
    assertThat(api.post("/admin/candidates/refresh-popularity", admin, null).status())
        .isEqualTo(202);
  }
}
