package fm.seda.security;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.DataResidency;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.Tokens;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@SedaIntegrationTest
class AuthenticationIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
  }

  @Test
  void requestWithoutTokenGets401Problem() {
    Response response = api.get("/me", null);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.problemSlug()).isEqualTo("missing-token");
    assertThat(response.header("WWW-Authenticate")).hasValue("Bearer");
  }

  static Stream<Arguments> badTokens() {
    return Stream.of(
        Arguments.of("expired", (Function<String, String>) Tokens::expired),
        Arguments.of("malformed", (Function<String, String>) s -> "not.a.jwt"),
        Arguments.of("garbage", (Function<String, String>) s -> "garbage"),
        Arguments.of("wrong issuer", (Function<String, String>) Tokens::wrongIssuer),
        Arguments.of("wrong audience", (Function<String, String>) Tokens::wrongAudience),
        Arguments.of("wrong secret", (Function<String, String>) Tokens::wrongSecret),
        Arguments.of("HS512 instead of HS256", (Function<String, String>) Tokens::hs512),
        Arguments.of("RS256 instead of HS256", (Function<String, String>) Tokens::rs256),
        Arguments.of("alg none", (Function<String, String>) Tokens::unsigned),
        Arguments.of("no expiry", (Function<String, String>) Tokens::withoutExpiry));
  }

  @ParameterizedTest(name = "{0} token gets 401")
  @MethodSource("badTokens")
  void badTokenGets401Problem(String kind, Function<String, String> token) {
    Response response = api.get("/me", token.apply(Tokens.newSubject()));

    assertThat(response.status()).as(kind).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.problemSlug()).isEqualTo("invalid-token");
    assertThat(response.json().path("detail").asString()).isNotBlank();
    assertThat(response.header("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
  }

  @Test
  void validTokenIsAccepted() {
    String token = Tokens.valid(Tokens.newSubject());

    assertThat(api.post("/me", token, null).status()).isEqualTo(201);
    assertThat(api.get("/me", token).status()).isEqualTo(200);
  }

  @Test
  void userWithoutAdminRoleGets403OnAdminEndpoints() {
    String token = Tokens.valid(Tokens.newSubject());
    api.post("/me", token, null);

    Response response = api.put("/admin/catalog/artists", token, "{\"items\":[]}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.problemSlug()).isEqualTo("forbidden");
  }

  @Test
  void adminClaimsInTheTokenGrantNothing() {
    String subject = Tokens.newSubject();
    String token = Tokens.claimingAdmin(subject);
    api.post("/me", token, null);

    assertThat(api.put("/admin/catalog/artists", token, "{\"items\":[]}").status()).isEqualTo(403);
  }

  @Test
  void adminRoleComesFromTheDatabase() {
    String subject = Tokens.newSubject();
    String token = Tokens.valid(subject);
    api.post("/me", token, null);
    regions
        .forResidency(DataResidency.NON_EU)
        .jdbc()
        .sql("UPDATE users SET role = 'admin' WHERE auth_user_id = ?")
        .param(subject)
        .update();

    Response response = api.put("/admin/catalog/artists", token, "{\"items\":[]}");

    // past authorization: the empty batch is now refused by validation, not by security
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problemSlug()).isEqualTo("validation-failed");
  }

  @Test
  void publicEndpointsNeedNoToken() {
    assertThat(api.get("/genres", null).status()).isEqualTo(200);
    assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
  }
}
