package fm.seda.catalog;

import static fm.seda.testing.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.testing.Api;
import fm.seda.testing.Api.Response;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SedaIntegrationTest
class CatalogIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  Api api;
  String admin;
  String user;
  String run;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    admin = TestUsers.admin(api, regions);
    user = TestUsers.user(api);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void bulkUpsertIsIdempotentByExternalIdAndLandsInBothRegions() {
    String body =
        json(
            "{'items': [{'external_id': 'a-"
                + run
                + "', 'name': 'Aurora "
                + run
                + "', 'genres': ['Synthpop'], 'popularity': 71.5}]}");

    Response first = api.put("/admin/catalog/artists", admin, body);
    Response again =
        api.put("/admin/catalog/artists", admin, body.replace("Aurora", "Aurora Renamed"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("created").asInt()).isEqualTo(1);
    assertThat(again.json().path("created").asInt()).isZero();
    assertThat(again.json().path("updated").asInt()).isEqualTo(1);
    for (RegionalDatabase db : regions.all()) {
      var row =
          db.jdbc()
              .sql("SELECT id, name, genres[1] AS genre FROM artists WHERE external_id = ?")
              .param("a-" + run)
              .query(
                  (rs, n) ->
                      List.of(rs.getString("id"), rs.getString("name"), rs.getString("genre")))
              .single();
      assertThat(row.get(0))
          .as("same id in every region")
          .isEqualTo(CatalogKind.ARTISTS.idFor("a-" + run).toString());
      assertThat(row.get(1)).isEqualTo("Aurora Renamed " + run);
      assertThat(row.get(2)).as("stored by canonical name").isEqualTo("synthpop");
    }
  }

  @Test
  void invalidItemsAreRefusedWithTheOffendingField() {
    Response empty = api.put("/admin/catalog/artists", admin, json("{'items': []}"));
    Response noName =
        api.put(
            "/admin/catalog/artists",
            admin,
            json("{'items': [{'external_id': 'x', 'genres': ['jazz']}]}"));
    Response tooPopular =
        api.put(
            "/admin/catalog/artists",
            admin,
            json(
                "{'items': [{'external_id': 'x', 'name': 'X', 'genres': ['jazz'], 'popularity': 101}]}"));
    Response unknownGenre =
        api.put(
            "/admin/catalog/artists",
            admin,
            json(
                "{'items': [{'external_id': 'x', 'name': 'X', 'genres': ['jazz']}, {'external_id': 'y', 'name': 'Y', 'genres': ['moonwave']}]}"));
    Response duplicate =
        api.put(
            "/admin/catalog/artists",
            admin,
            json(
                "{'items': [{'external_id': 'x', 'name': 'X', 'genres': ['jazz']}, {'external_id': 'x', 'name': 'Y', 'genres': ['jazz']}]}"));

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().path("detail").asString()).contains("items");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.json().path("detail").asString()).contains("items[0].name");
    assertThat(tooPopular.status()).isEqualTo(400);
    assertThat(tooPopular.json().path("detail").asString()).contains("items[0].popularity");
    assertThat(unknownGenre.problemSlug()).isEqualTo("unknown-genre");
    assertThat(unknownGenre.json().path("item_index").asInt()).isEqualTo(1);
    assertThat(unknownGenre.json().path("unknown_genres").toString()).isEqualTo("[\"moonwave\"]");
    assertThat(duplicate.problemSlug()).isEqualTo("duplicate-external-id");
  }

  @Test
  void playlistsMustReferenceKnownArtists() {
    api.put(
        "/admin/catalog/artists",
        admin,
        json("{'items': [{'external_id': 'pa-" + run + "', 'name': 'P', 'genres': ['jazz']}]}"));

    Response ok =
        api.put(
            "/admin/catalog/playlists",
            admin,
            json(
                "{'items': [{'external_id': 'pl-"
                    + run
                    + "', 'name': 'Jazz Nights', 'genres': ['jazz'], 'artist_external_ids': ['pa-"
                    + run
                    + "'], 'track_count': 12}]}"));
    Response missing =
        api.put(
            "/admin/catalog/playlists",
            admin,
            json(
                "{'items': [{'external_id': 'pl2-"
                    + run
                    + "', 'name': 'Ghosts', 'genres': ['jazz'], 'artist_external_ids': ['nobody-"
                    + run
                    + "']}]}"));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.problemSlug()).isEqualTo("unknown-artist");
    assertThat(missing.json().path("detail").asString()).contains("nobody-" + run);
  }

  @Test
  void roomsKeepTheirPrimaryGenreFirst() {
    Response put =
        api.put(
            "/admin/catalog/rooms",
            admin,
            json(
                "{'items': [{'external_id': 'r-"
                    + run
                    + "', 'name': '#late "
                    + run
                    + "', 'genre': 'deep-house', 'genres': ['techno'], 'is_live': true, 'current_participants': 12}]}"));
    Response listed = api.get("/catalog/rooms?q=" + run, user);

    assertThat(put.status()).isEqualTo(200);
    JsonNode room = listed.json().path("items").get(0);
    assertThat(room.path("genre").asString()).isEqualTo("deep house");
    assertThat(room.path("genres").toString()).isEqualTo("[\"deep house\",\"techno\"]");
    assertThat(room.path("is_live").asBoolean()).isTrue();
    assertThat(room.path("current_participants").asInt()).isEqualTo(12);
  }

  @Test
  void listingPagesThroughEveryMatchOnceMostPopularFirst() {
    var items = new ArrayList<String>();
    for (int i = 0; i < 25; i++) {
      items.add(
          "{'external_id': 'pg-"
              + run
              + "-"
              + i
              + "', 'name': 'Pager "
              + run
              + " "
              + i
              + "', 'genres': ['bebop'], 'popularity': "
              + (i % 7)
              + "}");
    }
    api.put("/admin/catalog/artists", admin, json("{'items': [" + String.join(",", items) + "]}"));

    Set<String> seen = new HashSet<>();
    List<Double> popularity = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page =
          api.get(
              "/catalog/artists?genre=bebop&q=Pager%20"
                  + run
                  + "&limit=10"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              user);
      assertThat(page.status()).isEqualTo(200);
      page.json()
          .path("items")
          .forEach(
              item -> {
                assertThat(seen.add(item.path("external_id").asString()))
                    .as("no item twice")
                    .isTrue();
                popularity.add(item.path("popularity").asDouble());
              });
      cursor =
          page.json().path("next_cursor").isNull()
              ? null
              : page.json().path("next_cursor").asString();
      pages++;
    } while (cursor != null);

    assertThat(seen).hasSize(25);
    assertThat(pages).isEqualTo(3);
    assertThat(popularity).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void aFailureInOneRegionRollsBackTheOther() {
    var us = regions.database(fm.seda.regions.Region.US).jdbc();
    us.sql(
            "ALTER TABLE artists ADD CONSTRAINT test_no_forbidden CHECK (name <> 'Forbidden "
                + run
                + "')")
        .update();
    try {
      Response response =
          api.put(
              "/admin/catalog/artists",
              admin,
              json(
                  "{'items': [{'external_id': 'split-"
                      + run
                      + "', 'name': 'Forbidden "
                      + run
                      + "', 'genres': ['jazz']}]}"));

      assertThat(response.status()).isEqualTo(500);
      for (RegionalDatabase db : regions.all()) {
        assertThat(
                db.jdbc()
                    .sql("SELECT count(*) FROM artists WHERE external_id = ?")
                    .param("split-" + run)
                    .query(Integer.class)
                    .single())
            .as("no half-written item in " + db.region().code())
            .isZero();
      }
    } finally {
      us.sql("ALTER TABLE artists DROP CONSTRAINT test_no_forbidden").update();
    }
  }

  @Test
  void nullItemsAreRefused() {
    Response response = api.put("/admin/catalog/rooms", admin, json("{'items': [null]}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problemSlug()).isEqualTo("validation-failed");
  }

  @Test
  void badListingParametersAreRefused() {
    assertThat(api.get("/catalog/artists?limit=0", user).status()).isEqualTo(400);
    assertThat(api.get("/catalog/artists?limit=101", user).status()).isEqualTo(400);
    assertThat(api.get("/catalog/artists?limit=ten", user).status()).isEqualTo(400);
    Response cursor = api.get("/catalog/artists?cursor=bm90LWEtY3Vyc29y", user);
    assertThat(cursor.problemSlug()).isEqualTo("invalid-cursor");
    String nan =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("NaN|" + UUID.randomUUID()).getBytes());
    assertThat(api.get("/catalog/artists?cursor=" + nan, user).problemSlug())
        .isEqualTo("invalid-cursor");
    Response genre = api.get("/catalog/playlists?genre=moonwave", user);
    assertThat(genre.problemSlug()).isEqualTo("unknown-genre");
    assertThat(api.get("/catalog/podcasts", user).status()).isEqualTo(404);
  }

  @Test
  void genreTaxonomyHasHundredsOfGenresInFamilies() {
    Response genres = api.get("/genres", null);

    assertThat(genres.json().path("count").asInt()).isBetween(250, 400);
    assertThat(genres.json().path("families").size()).isBetween(10, 25);
    JsonNode first = genres.json().path("families").get(0).path("genres").get(0);
    assertThat(first.path("name").asString()).isNotBlank();
    assertThat(first.path("slug").asString()).matches("[a-z0-9-]+");
  }
}
