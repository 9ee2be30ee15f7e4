package fm.seda.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.testing.SedaIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

@SedaIntegrationTest
class RegionalSchemaIntegrationTests {

  static final List<String> CANONICAL_TABLES =
      List.of(
          "users",
          "residency_changes",
          "linked_accounts",
          "artists",
          "playlists",
          "rooms",
          "user_profiles",
          "user_activity_summary",
          "friends",
          "recommendations",
          "embeddings_audit",
          "fact_events",
          "privacy_jobs",
          "admin_overrides",
          "admin_override_approvals",
          "audit_log",
          "entity_vectors");

  @Autowired RegionRouter regions;

  @Test
  void eachDatabaseKnowsItsOwnRegion() {
    for (Region region : Region.values()) {
      String stored =
          regions.database(region).jdbc().sql("SELECT seda_region()").query(String.class).single();
      assertThat(stored).isEqualTo(region.code());
    }
  }

  @Test
  void bothRegionsHoldTheCanonicalDataModel() {
    for (RegionalDatabase db : regions.all()) {
      List<String> tables =
          db.jdbc()
              .sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
              .query(String.class)
              .list();
      assertThat(tables).as(db.region().code()).containsAll(CANONICAL_TABLES);
    }
  }

  @Test
  void usersCarryTheResidencyColumnsWithSafeDefaults() {
    List<String> columns =
        regions
            .database(Region.US)
            .jdbc()
            .sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'users'")
            .query(String.class)
            .list();
    assertThat(columns)
        .contains(
            "data_residency",
            "data_residency_source",
            "data_residency_changed_by",
            "data_residency_changed_at",
            "role",
            "preferences",
            "privacy_settings",
            "session_count",
            "meaningful_engagement",
            "deleted_at");
    assertThatThrownBy(
            () ->
                regions
                    .database(Region.US)
                    .jdbc()
                    .sql(
                        "INSERT INTO users (auth_user_id, data_residency) VALUES ('x-invalid', 'mars')")
                    .update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("data_residency");
  }

  @Test
  void auditLogIsAppendOnly() {
    RegionalDatabase db = regions.database(Region.EU);
    db.jdbc().sql("INSERT INTO audit_log (action, details) VALUES ('test_entry', '{}')").update();

    assertThatThrownBy(() -> db.jdbc().sql("UPDATE audit_log SET action = 'rewritten'").update())
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> db.jdbc().sql("DELETE FROM audit_log").update())
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> db.jdbc().sql("TRUNCATE audit_log").update())
        .hasStackTraceContaining("append-only");
  }

  @Test
  void embeddedDatabaseStoresVectorsAsPlainArrays() {
    for (RegionalDatabase db : regions.all()) {
      assertThat(db.jdbc().sql("SELECT kind FROM vector_storage").query(String.class).single())
          .isEqualTo("plain");
    }
  }
}
