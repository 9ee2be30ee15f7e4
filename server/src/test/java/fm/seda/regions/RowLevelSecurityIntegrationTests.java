package fm.seda.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.accounts.Account;
import fm.seda.testing.Api;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.testing.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * Row-level security (V12): a transaction run on a user's behalf sees only that user's rows, in
 * every personal table, whatever its SQL asks for; the server's own connection sees everything.
 */
@SedaIntegrationTest
class RowLevelSecurityIntegrationTests {

  @LocalServerPort int port;
  @Autowired RegionRouter regions;
  @Autowired ApplicationContext context;
  CandidateFixtures world;

  @BeforeEach
  void world() {
    world = CandidateFixtures.of(context);
  }

  /** A recommendation, an event and a profile of {@code user}; returns the recommendation id. */
  UUID rowsOf(Account user) {
    var db = regions.forResidency(user.dataResidency()).jdbc();
    db.sql("INSERT INTO user_profiles (user_id) VALUES (?)").param(user.id()).update();
    db.sql(
            "INSERT INTO fact_events (user_id, event_type, occurred_at) VALUES (?, 'listen_30s', now())")
        .param(user.id())
        .update();
    return db.sql(
            "INSERT INTO recommendations (user_id, entity_type, entity_id, score, model_version, source,"
                + " expires_at, context) VALUES (?, 'room', gen_random_uuid(), 0.5, 'test', 'batch',"
                + " now() + interval '1 day', '{}') RETURNING id")
        .param(user.id())
        .query(UUID.class)
        .single();
  }

  static long countAs(RegionalDatabase db, Account user, String sql, Object... params) {
    Long count = db.asUser(user.id(), j -> j.sql(sql).params(params).query(Long.class).single());
    return count;
  }

  @Test
  void aUsersTransactionSeesOnlyTheirOwnRowsWhateverItAsksFor() {
    Account alice = world.user(Region.EU);
    Account bob = world.user(Region.EU);
    rowsOf(alice);
    UUID bobsRecommendation = rowsOf(bob);
    RegionalDatabase eu = regions.database(Region.EU);

    for (String table : List.of("recommendations", "fact_events", "user_profiles")) {
      List<UUID> owners =
          eu.asUser(
              alice.id(),
              j -> j.sql("SELECT DISTINCT user_id FROM " + table).query(UUID.class).list());
      assertThat(owners).as(table).containsExactly(alice.id());
    }
    assertThat(
            countAs(
                eu, alice, "SELECT count(*) FROM users WHERE id IN (?, ?)", alice.id(), bob.id()))
        .isOne();
    assertThat(
            countAs(
                eu, alice, "SELECT count(*) FROM recommendations WHERE id = ?", bobsRecommendation))
        .as("bob's row, asked for by its id")
        .isZero();
    assertThatThrownBy(
            () ->
                eu.asUser(
                    alice.id(),
                    j ->
                        j.sql(
                                "INSERT INTO fact_events (user_id, event_type, occurred_at) VALUES (?, 'listen_30s', now())")
                            .param(alice.id())
                            .update()))
        .as("a user's transaction only reads")
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied for table fact_events");

    // the server's own connection is internal: everything, and the role ended with the transaction
    assertThat(
            eu.jdbc()
                .sql("SELECT count(DISTINCT user_id) FROM recommendations WHERE user_id IN (?, ?)")
                .params(alice.id(), bob.id())
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void everyPersonalTableHasRowLevelSecurityAndAPolicyForUsers() {
    for (RegionalDatabase db : regions.all()) {
      for (PersonalTable t : db.personalTables()) {
        boolean protectedTable =
            db.jdbc()
                .sql(
                    "SELECT c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policies p WHERE"
                        + " p.tablename = c.relname AND 'seda_user' = ANY(p.roles))"
                        + " FROM pg_class c WHERE c.oid = ?::regclass")
                .param(t.name())
                .query(Boolean.class)
                .single();
        assertThat(protectedTable).as(db.region().code() + " " + t.name()).isTrue();
      }
    }
  }

  @Test
  void theWhyOfAnotherUsersRecommendationIsNotFound() {
    Account alice = world.user(Region.EU);
    Account bob = world.user(Region.EU);
    UUID bobsRecommendation = rowsOf(bob);

    var api = new Api(port);
    var asAlice =
        api.get(
            "/recommendations/" + bobsRecommendation + "/why",
            Tokens.valid(world.authSubject(alice)));
    assertThat(asAlice.status()).isEqualTo(404);
  }
}
