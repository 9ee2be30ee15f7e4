package fm.seda.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SedaIntegrationTest
@ActiveProfiles("sandbox")
class SandboxIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
  }

  @Test
  void adminCanSeedTheSmokeWorldOverHttp() {
    Response response =
        api.post("/sandbox/seed?profile=smoke", TestUsers.admin(api, regions), null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("artists").asInt()).isEqualTo(1_000);
    assertThat(response.json().path("users").asInt()).isEqualTo(500);
  }

  @Test
  void sandboxEndpointsNeedTheAdminRole() {
    assertThat(api.post("/sandbox/seed?profile=smoke", TestUsers.user(api), null).status())
        .isEqualTo(403);
  }

  @Test
  void unknownOrTooLargeProfilesAreRefused() {
    String admin = TestUsers.admin(api, regions);

    Response unknown = api.post("/sandbox/seed?profile=huge", admin, null);
    Response large = api.post("/sandbox/seed?profile=large", admin, null);

    assertThat(unknown.problemSlug()).isEqualTo("unknown-profile");
    assertThat(unknown.json().path("detail").asString()).contains("smoke, medium, large");
    assertThat(large.problemSlug()).isEqualTo("profile-too-large");
  }
}
