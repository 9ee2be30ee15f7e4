package fm.seda.accounts;

import static fm.seda.testing.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

@SedaIntegrationTest
@Import(AccountsIntegrationTests.RecordedEvents.class)
class AccountsIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired RecordedEvents events;
  Api api;
  String subject;
  String token;

  @TestConfiguration
  static class RecordedEvents {
    final List<GenresChosen> genresChosen = new ArrayList<>();

    @EventListener
    synchronized void on(GenresChosen event) {
      genresChosen.add(event);
    }
  }

  @BeforeEach
  void setUp() {
    api = new Api(port);
    subject = Tokens.newSubject();
    token = Tokens.valid(subject);
  }

  @Test
  void createAccountIsIdempotent() {
    Response first = api.post("/me", token, json("{'display_name': 'Alice'}"));
    Response second = api.post("/me", token, null);

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(first.json().path("display_name").asString()).isEqualTo("Alice");
  }

  @Test
  void newAccountIsNonEuAndLivesOnlyInTheUsDatabase() {
    Response created = api.post("/me", token, null);

    assertThat(created.json().path("data_residency").asString()).isEqualTo("non-eu");
    assertThat(created.json().path("data_residency_source").asString()).isEqualTo("default");
    assertThat(created.json().path("role").asString()).isEqualTo("user");
    assertThat(usersWithSubject(Region.US)).isEqualTo(1);
    assertThat(usersWithSubject(Region.EU)).isZero();
  }

  @Test
  void meWithoutAccountIs404Problem() {
    Response response = api.get("/me", token);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.problemSlug()).isEqualTo("account-not-found");
    assertThat(response.json().path("detail").asString()).contains("POST /me");
  }

  @Test
  void choosingThreeGenresStoresTheirCanonicalNamesAndAnnouncesIt() {
    api.post("/me", token, null);

    Response response =
        api.put("/me/genres", token, json("{'genres': ['Deep House', 'techno', 'indie-rock']}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("preferences").path("genres").toString())
        .isEqualTo("[\"deep house\",\"techno\",\"indie rock\"]");
    assertThat(api.get("/me/preferences", token).json().path("genres").size()).isEqualTo(3);
    assertThat(events.genresChosen)
        .anySatisfy(
            e -> assertThat(e.genres()).containsExactly("deep house", "techno", "indie rock"));
  }

  @Test
  void fewerThanThreeGenresIsRefused() {
    api.post("/me", token, null);

    Response response = api.put("/me/genres", token, json("{'genres': ['techno', 'jazz']}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problemSlug()).isEqualTo("too-few-genres");
    assertThat(response.json().path("detail").asString()).contains("at least 3").contains("got 2");
  }

  @Test
  void unknownGenresAreNamed() {
    api.post("/me", token, null);

    Response response =
        api.put("/me/genres", token, json("{'genres': ['techno', 'jazz', 'polka-core', 'zzz']}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problemSlug()).isEqualTo("unknown-genre");
    assertThat(response.json().path("unknown_genres").toString())
        .isEqualTo("[\"polka-core\",\"zzz\"]");
  }

  @Test
  void duplicateGenresAreNamedEvenWhenSpelledDifferently() {
    api.post("/me", token, null);

    Response response =
        api.put(
            "/me/genres",
            token,
            json("{'genres': ['deep house', 'Deep-House', 'jazz', 'techno']}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problemSlug()).isEqualTo("duplicate-genres");
    assertThat(response.json().path("duplicate_genres").toString()).isEqualTo("[\"deep house\"]");
  }

  @Test
  void malformedGenreBodiesAreRefusedWithTheReason() {
    api.post("/me", token, null);

    Response missing = api.put("/me/genres", token, "{}");
    Response wrongType = api.put("/me/genres", token, json("{'genres': 'techno'}"));
    Response unknownField =
        api.put("/me/genres", token, json("{'genres': ['a','b','c'], 'mood': 'happy'}"));
    Response notJson = api.put("/me/genres", token, "{genres:");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.problemSlug()).isEqualTo("validation-failed");
    assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("genres");
    assertThat(wrongType.problemSlug()).isEqualTo("malformed-body");
    assertThat(wrongType.json().path("detail").asString()).contains("genres");
    assertThat(unknownField.problemSlug()).isEqualTo("malformed-body");
    assertThat(unknownField.json().path("detail").asString()).contains("unknown field 'mood'");
    assertThat(notJson.problemSlug()).isEqualTo("malformed-body");
    assertThat(notJson.json().path("detail").asString())
        .doesNotContain("fm.seda")
        .doesNotContain("Exception");
  }

  @Test
  void genresNeedAnAccount() {
    Response response =
        api.put("/me/genres", token, json("{'genres': ['techno', 'jazz', 'house']}"));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.problemSlug()).isEqualTo("account-not-found");
  }

  @Test
  void preferencesChangeOnlyTheFieldsSent() {
    api.post("/me", token, null);
    api.put("/me/genres", token, json("{'genres': ['techno', 'jazz', 'house']}"));

    Response response =
        api.patch(
            "/me/preferences",
            token,
            json("{'locales': ['en-GB', 'pt-BR'], 'preferred_provider': 'apple'}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("locales").toString()).isEqualTo("[\"en-GB\",\"pt-BR\"]");
    assertThat(response.json().path("preferred_provider").asString()).isEqualTo("apple");
    assertThat(response.json().path("explicit_content").asBoolean()).isTrue();
    assertThat(response.json().path("genres").size()).isEqualTo(3);
  }

  @Test
  void invalidPreferencesAreRefused() {
    api.post("/me", token, null);

    Response badProvider =
        api.patch("/me/preferences", token, json("{'preferred_provider': 'napster'}"));
    Response badLocale =
        api.patch("/me/preferences", token, json("{'locales': ['english please']}"));
    Response genresHere = api.patch("/me/preferences", token, json("{'genres': ['techno']}"));

    assertThat(badProvider.status()).isEqualTo(400);
    assertThat(badProvider.json().path("detail").asString())
        .contains("preferred_provider")
        .contains("spotify, apple, none");
    assertThat(badLocale.status()).isEqualTo(400);
    assertThat(badLocale.json().path("detail").asString()).contains("BCP 47");
    assertThat(genresHere.status()).isEqualTo(400);
    assertThat(genresHere.json().path("detail").asString()).contains("unknown field 'genres'");
  }

  @Test
  void privacyDefaultsAreConservativeAndConsentIsTimestamped() {
    api.post("/me", token, null);

    Response defaults = api.get("/me/privacy-settings", token);
    Response changed =
        api.patch(
            "/me/privacy-settings",
            token,
            json("{'push_opt_in': true, 'presence_default': 'hidden'}"));

    assertThat(defaults.json().path("push_opt_in").asBoolean()).isFalse();
    assertThat(defaults.json().path("allow_non_eu_fallback").asBoolean()).isFalse();
    assertThat(defaults.json().path("presence_default").asString()).isEqualTo("friends");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("push_opt_in").asBoolean()).isTrue();
    assertThat(changed.json().path("presence_default").asString()).isEqualTo("hidden");
    assertThat(changed.json().path("consent_timestamp").isNull()).isFalse();
  }

  @Test
  void invalidPrivacySettingsAreRefused() {
    api.post("/me", token, null);

    Response badPresence =
        api.patch("/me/privacy-settings", token, json("{'presence_default': 'everyone'}"));
    Response teen = api.patch("/me/privacy-settings", token, json("{'teen': true}"));

    assertThat(badPresence.status()).isEqualTo(400);
    assertThat(badPresence.json().path("detail").asString()).contains("presence_default");
    assertThat(teen.status()).isEqualTo(400);
    assertThat(teen.json().path("detail").asString()).contains("unknown field 'teen'");
  }

  @Test
  void concurrentChangesOfDifferentFieldsBothLand() throws Exception {
    api.post("/me", token, null);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    for (int i = 0; i < 15; i++) {
      String genre = i % 2 == 0 ? "grunge" : "shoegaze";
      String locale = i % 2 == 0 ? "fr" : "de";
      var genres =
          pool.submit(
              () ->
                  api.put(
                      "/me/genres",
                      token,
                      json("{'genres': ['jazz', 'techno', '" + genre + "']}")));
      var locales =
          pool.submit(
              () -> api.patch("/me/preferences", token, json("{'locales': ['" + locale + "']}")));
      genres.get();
      locales.get();
      var preferences = api.get("/me/preferences", token).json();
      assertThat(preferences.path("genres").toString()).contains(genre);
      assertThat(preferences.path("locales").toString()).contains(locale);
    }
    pool.shutdown();
  }

  @Test
  void deletedAccountCannotBeRecreated() {
    api.post("/me", token, null);
    regions
        .database(Region.US)
        .jdbc()
        .sql("UPDATE users SET deleted_at = now() WHERE auth_user_id = ?")
        .param(subject)
        .update();

    Response again = api.post("/me", token, null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.problemSlug()).isEqualTo("account-deleted");
  }

  @Test
  void nullListElementsAndUnstorableTextAreBadRequests() {
    api.post("/me", token, json("{'display_name': 'ok'}"));

    Response nullLocale = api.patch("/me/preferences", token, json("{'locales': [null]}"));
    Response nul =
        api.post("/me", Tokens.valid(Tokens.newSubject()), "{\"display_name\": \"a\\u0000b\"}");

    assertThat(nullLocale.status()).isEqualTo(400);
    assertThat(nul.status()).isEqualTo(400);
    assertThat(nul.problemSlug()).isEqualTo("invalid-text");
  }

  private int usersWithSubject(Region region) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT count(*) FROM users WHERE auth_user_id = ?")
        .param(subject)
        .query(Integer.class)
        .single();
  }

  @Test
  void anAccountMovedToTheOtherRegionBehindThisNodesBackIsFoundThere() {
    api.post("/me", token, null);
    assertThat(api.get("/me", token).json().path("data_residency").asString())
        .isEqualTo("non-eu"); // this node now remembers the account is in the us database
    UUID id =
        regions
            .database(Region.US)
            .jdbc()
            .sql("SELECT id FROM users WHERE auth_user_id = ?")
            .param(subject)
            .query(UUID.class)
            .single();
    // another node's residency move: the row is copied to the EU and gone from the US
    regions
        .database(Region.EU)
        .jdbc()
        .sql("INSERT INTO users (id, auth_user_id, data_residency) VALUES (?, ?, 'eu')")
        .params(id, subject)
        .update();
    regions.database(Region.US).jdbc().sql("DELETE FROM users WHERE id = ?").param(id).update();

    Response me = api.get("/me", token);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("data_residency").asString()).isEqualTo("eu");
  }
}
