package fm.seda.regions;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.accounts.Account;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The residency audit over HTTP: zero violations on a population written through the service, and a
 * row slipped past the guard (its trigger disabled for the session, as an operator could) is
 * reported with its table, check and owner.
 */
@SedaIntegrationTest
class ResidencyAuditIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired ApplicationContext context;
  CandidateFixtures world;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    world = CandidateFixtures.of(context);
  }

  JsonNode audit() {
    var response = api.get("/admin/residency/audit", TestUsers.admin(api, regions));
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    return response.json();
  }

  static List<JsonNode> findings(JsonNode report, String region) {
    var found = new ArrayList<JsonNode>();
    for (JsonNode db : report.get("databases")) {
      if (db.get("region").asString().equals(region)) {
        db.get("findings").forEach(found::add);
      }
    }
    return found;
  }

  @Test
  void aMixedPopulationWrittenThroughTheServiceHasNoRowInTheWrongRegion() {
    Account eu = world.user(Region.EU);
    Account us = world.user(Region.US);
    world.friends(eu, us);
    world.activity().joined(UUID.randomUUID(), java.time.Instant.now()).writeFor(eu);

    JsonNode report = audit();

    assertThat(report.get("violations").asLong()).as(report.toString()).isZero();
    assertThat(findings(report, "eu"))
        .extracting(f -> f.get("table").asString())
        .contains("users", "fact_events", "entity_vectors", "recommendations");
  }

  @Test
  void aRowSlippedPastTheGuardIsReportedWithItsTableAndOwner() {
    Account eu = world.user(Region.EU);
    RegionalDatabase us = regions.database(Region.US);
    // an EU user's activity in the non-EU database, written with the triggers off
    us.transactions()
        .executeWithoutResult(
            tx -> {
              us.jdbc().sql("SET LOCAL session_replication_role = replica").update();
              us.jdbc()
                  .sql(
                      "INSERT INTO seen_items (user_id, entity_id, last_seen_at)"
                          + " VALUES (?, gen_random_uuid(), now())")
                  .param(eu.id())
                  .update();
            });
    try {
      JsonNode report = audit();

      assertThat(report.get("violations").asLong()).isEqualTo(1);
      JsonNode seen =
          findings(report, "us").stream()
              .filter(f -> f.get("table").asString().equals("seen_items"))
              .findFirst()
              .orElseThrow();
      assertThat(seen.get("rows").asLong()).isEqualTo(1);
      assertThat(seen.get("sample_owners").get(0).asString()).isEqualTo(eu.id().toString());
      assertThat(seen.get("check").asString()).contains("non-eu");

      var anonymous = api.get("/admin/residency/audit", null);
      assertThat(anonymous.status()).isEqualTo(401);
    } finally {
      us.jdbc().sql("DELETE FROM seen_items WHERE user_id = ?").param(eu.id()).update();
    }
  }
}
