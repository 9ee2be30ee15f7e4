package fm.seda.testing;

import fm.seda.regions.RegionRouter;
import java.util.Arrays;
import java.util.UUID;

/**
 * Two-approver overrides for tests, written to the override ledger as the (later) request, approve
 * and execute workflow would leave them.
 */
public final class TestOverrides {

  private TestOverrides() {}

  /**
   * An override of {@code scope}, approved by an SRE and Legal, executed, expiring in an hour;
   * {@code cohort} lists the users it names in {@code affected_cohorts}.
   */
  public static UUID executed(RegionRouter regions, String scope, UUID... cohort) {
    var db = regions.operations().jdbc();
    UUID id =
        db.sql(
                "INSERT INTO admin_overrides (requested_by, reason, scope, affected_cohorts, expires_at,"
                    + " status, executed_by, executed_at) VALUES (gen_random_uuid(), 'test', ?,"
                    + " to_jsonb(?::text[]), now() + interval '1 hour', 'executed', gen_random_uuid(),"
                    + " now()) RETURNING id")
            .params(scope, Arrays.stream(cohort).map(UUID::toString).toArray(String[]::new))
            .query(UUID.class)
            .single();
    db.sql(
            "INSERT INTO admin_override_approvals (override_id, approver_id, role) VALUES"
                + " (?, gen_random_uuid(), 'sre'), (?, gen_random_uuid(), 'legal')")
        .params(id, id)
        .update();
    return id;
  }
}
