package fm.seda.overrides;

import fm.seda.regions.RegionRouter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Answers one question: is there an override of this scope that two distinct approvers approved, an
 * executor executed, and that has not expired or been reverted? Reads the organisation's override
 * ledger ({@link RegionRouter#operations()}), so nothing in memory can fake an approval.
 */
@Service
public class Overrides {

  /** Resuming full embedding operation after the spend cap was reached. */
  public static final String SPEND_CAP = "spend_cap";

  /**
   * Setting named users' residency by hand, time-boxed by the override's expiry; {@code
   * affected_cohorts} lists the user ids it covers.
   */
  public static final String RESIDENCY = "residency";

  /** Organisation-wide temporary non-EU processing of EU users during an EU runner outage. */
  public static final String NON_EU_FALLBACK = "non_eu_fallback";

  /**
   * What makes override {@code o} count now: executed, unexpired, not reverted, and approved by at
   * least two distinct approvers (more if it asks for more). The one definition both lookups use.
   */
  private static final String IN_FORCE =
      """
      o.status = 'executed' AND o.expires_at > now() AND o.reverted_at IS NULL
        AND (SELECT count(DISTINCT a.approver_id) FROM admin_override_approvals a
             WHERE a.override_id = o.id) >= greatest(2, o.approvers_required)
      """;

  private final RegionRouter regions;

  Overrides(RegionRouter regions) {
    this.regions = regions;
  }

  /** The id of an executed, unexpired override of {@code scope} with at least two approvers. */
  public Optional<UUID> activeExecuted(String scope) {
    return regions
        .operations()
        .jdbc()
        .sql(
            "SELECT o.id FROM admin_overrides o WHERE o.scope = ? AND "
                + IN_FORCE
                + " ORDER BY o.executed_at DESC LIMIT 1")
        .param(scope)
        .query(UUID.class)
        .optional();
  }

  /** An executed override: its id and when it stops counting. */
  public record Executed(UUID id, Instant expiresAt) {}

  /**
   * Override {@code id}, if it is of {@code scope}, approved by two distinct approvers, executed,
   * unexpired, not reverted, and names {@code cohortMember} (a user id) in its affected cohorts.
   */
  public Optional<Executed> executedFor(UUID id, String scope, String cohortMember) {
    return regions
        .operations()
        .jdbc()
        .sql(
            "SELECT o.id, o.expires_at FROM admin_overrides o WHERE o.id = ? AND o.scope = ?"
                + " AND jsonb_exists(o.affected_cohorts, ?) AND "
                + IN_FORCE)
        .params(id, scope, cohortMember)
        .query(
            (rs, n) ->
                new Executed(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
        .optional();
  }

  /**
   * What a user may be shown of an override that touched their data: its scope, status, expiry and
   * the roles (not the names) of those who approved it.
   */
  public record Summary(
      UUID id, String scope, String status, Instant expiresAt, List<String> approverRoles) {}

  public Optional<Summary> summary(UUID id) {
    var db = regions.operations().jdbc();
    List<String> roles =
        db.sql(
                "SELECT role FROM admin_override_approvals WHERE override_id = ? ORDER BY approved_at")
            .param(id)
            .query(String.class)
            .list();
    return db.sql("SELECT scope, status, expires_at FROM admin_overrides WHERE id = ?")
        .param(id)
        .query(
            (rs, n) ->
                new Summary(
                    id,
                    rs.getString(1),
                    rs.getString(2),
                    rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                    roles))
        .optional();
  }
}
