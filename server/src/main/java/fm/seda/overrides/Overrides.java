package fm.seda.overrides;

import fm.seda.regions.RegionRouter;
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

  /** Organisation-wide temporary non-EU processing of EU users during an EU runner outage. */
  public static final String NON_EU_FALLBACK = "non_eu_fallback";

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
            """
            SELECT o.id FROM admin_overrides o
            WHERE o.scope = ? AND o.status = 'executed' AND o.expires_at > now()
              AND o.reverted_at IS NULL
              AND (SELECT count(DISTINCT a.approver_id) FROM admin_override_approvals a
                   WHERE a.override_id = o.id) >= greatest(2, o.approvers_required)
            ORDER BY o.executed_at DESC LIMIT 1
            """)
        .param(scope)
        .query(UUID.class)
        .optional();
  }
}
