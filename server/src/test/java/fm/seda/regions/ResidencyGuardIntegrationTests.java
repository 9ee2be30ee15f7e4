package fm.seda.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.accounts.Account;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.testing.CandidateFixtures;
import fm.seda.testing.SedaIntegrationTest;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.internal.VectorRows;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * Personal rows go only to the database of their owner's residency: the service-layer validator
 * refuses a write aimed elsewhere, and each database's {@code residency_guard} trigger refuses it
 * again when the validator is bypassed.
 */
@SedaIntegrationTest
class ResidencyGuardIntegrationTests {

  @Autowired RegionRouter regions;
  @Autowired VectorRows rows;
  @Autowired ApplicationContext context;
  CandidateFixtures world;

  @BeforeEach
  void world() {
    world = CandidateFixtures.of(context);
  }

  static StoredVector taste(Account owner, String region) {
    var meta = new EmbeddingMeta("mock", "hash-4", 4, region, "1", Instant.now(), null);
    return new StoredVector(
        "residency_test", owner.id(), owner.id(), new float[] {1, 0, 0, 0}, meta, Set.of());
  }

  long stored(Region region, UUID entityId) {
    return regions
        .database(region)
        .jdbc()
        .sql("SELECT count(*) FROM entity_vectors WHERE entity_id = ?")
        .param(entityId)
        .query(Long.class)
        .single();
  }

  @Test
  void anEuUsersVectorAimedAtTheNonEuDatabaseIsRefusedByTheValidatorAndThenByTheDatabase() {
    Account eu = world.user(Region.EU);
    RegionalDatabase us = regions.database(Region.US);

    boolean pgvector = rows.isPgvector(us);
    assertThatThrownBy(() -> rows.persist(us, List.of(taste(eu, "eu")), pgvector))
        .isInstanceOf(ResidencyViolation.class)
        .hasMessageContaining("us database")
        .hasMessageContaining(eu.id().toString())
        .hasMessageContaining("not a user here");
    // the validator bypassed: the write goes straight to the database, whose trigger refuses it
    assertThatThrownBy(() -> rows.write(us, List.of(taste(eu, "eu")), pgvector))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("residency guard")
        .hasMessageContaining("not in the us database");
    assertThat(stored(Region.US, eu.id())).isZero();

    RegionalDatabase euDb = regions.database(Region.EU);
    rows.persist(euDb, List.of(taste(eu, "eu")), rows.isPgvector(euDb));
    assertThat(stored(Region.EU, eu.id())).isOne();
  }

  @Test
  void aRecommendationsInsertHoldingOneRowOfAnotherResidencysUserIsRefusedWhole() {
    Account local = world.user(Region.US);
    RegionalDatabase us = regions.database(Region.US);
    // (a user with no row here at all is refused by the foreign key before the guard)
    UUID stranger = euUserRowIn(us);
    String insert =
        "INSERT INTO recommendations (user_id, entity_type, entity_id, score, model_version, source,"
            + " expires_at) SELECT u, 'artist', gen_random_uuid(), 1, 'm', 'batch', now()"
            + " FROM unnest(?::uuid[]) AS u";
    try {
      assertThatThrownBy(
              () ->
                  us.jdbc()
                      .sql(insert)
                      .param(new UUID[] {local.id(), stranger, local.id()})
                      .update())
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("residency guard")
          .hasMessageContaining(stranger + " refused: the user's data_residency is eu");
      assertThat(recommendationsOf(us, local.id())).isZero();

      us.jdbc().sql(insert).param(new UUID[] {local.id(), local.id()}).update();
      assertThat(recommendationsOf(us, local.id())).isEqualTo(2);
    } finally {
      deleteUser(us, stranger);
    }
  }

  /**
   * A user row of the EU residency in {@code db}, as if a move between regions had copied the
   * account but not yet switched its residency.
   */
  static UUID euUserRowIn(RegionalDatabase db) {
    UUID id = UUID.randomUUID();
    db.jdbc()
        .sql("INSERT INTO users (id, auth_user_id, data_residency) VALUES (?, ?, 'eu')")
        .params(id, "residency-guard-" + id)
        .update();
    return id;
  }

  /** The database is shared with tests that check no user of the other residency is here. */
  static void deleteUser(RegionalDatabase db, UUID id) {
    db.jdbc().sql("DELETE FROM users WHERE id = ?").param(id).update();
  }

  static long recommendationsOf(RegionalDatabase db, UUID userId) {
    return db.jdbc()
        .sql("SELECT count(*) FROM recommendations WHERE user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  @Test
  void aUserRowOfTheOtherResidencyDoesNotMakeTheDatabaseAcceptTheirPersonalRows() {
    RegionalDatabase us = regions.database(Region.US);
    UUID id = euUserRowIn(us);

    try {
      assertThatThrownBy(() -> us.requireLocalOwners(List.of(id), "activity"))
          .isInstanceOf(ResidencyViolation.class)
          .hasMessageContaining(id + " (eu)");
      for (String insert :
          List.of(
              "INSERT INTO user_profiles (user_id) VALUES (?)",
              "INSERT INTO fact_events (user_id, event_type, occurred_at) VALUES (?, 'listen_30s', now())",
              "INSERT INTO seen_items (user_id, entity_id, last_seen_at) VALUES (?, gen_random_uuid(), now())",
              // recommendations are checked per statement (V14), with the same message
              "INSERT INTO recommendations (user_id, entity_type, entity_id, score, model_version,"
                  + " source, expires_at) VALUES (?, 'artist', gen_random_uuid(), 1, 'm', 'batch',"
                  + " now())")) {
        assertThatThrownBy(() -> us.jdbc().sql(insert).param(id).update())
            .as(insert)
            .isInstanceOf(DataAccessException.class)
            .hasMessageContaining("residency guard")
            .hasMessageContaining("data_residency is eu");
      }
    } finally {
      deleteUser(us, id);
    }
    // the catalog is nobody's: rows without an owner are never refused
    var meta = new EmbeddingMeta("mock", "hash-4", 4, "us", "1", Instant.now(), null);
    UUID item = UUID.randomUUID();
    rows.write(
        us,
        List.of(
            new StoredVector(
                "residency_catalog", item, null, new float[] {0, 1, 0, 0}, meta, Set.of())),
        rows.isPgvector(us));
    assertThat(stored(Region.US, item)).isOne();
  }
}
