package fm.seda.regions.internal;

import fm.seda.regions.PersonalTable;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Scans both regional databases for personal rows in the wrong one: a user of the other residency,
 * a row whose owner is not a user of the database's residency, an EU user's vector computed outside
 * the EU. Read-only; the answer operators and CI expect is zero. The residency guard (V10) keeps
 * new rows out; this finds what came in before it, or around it (a trigger disabled by hand).
 */
@Component
class ResidencyAudit {

  /** How many offending owners a check names; the count is always complete. */
  static final int SAMPLE = 5;

  /**
   * Tables whose rows outlive their owner's account (privacy jobs): a row counts only when its
   * owner is here with the other residency, not when the owner is gone.
   */
  static final Set<String> OWNER_MAY_BE_GONE = Set.of("privacy_jobs");

  /**
   * A user whose residency changed this recently is being moved to the other database (copy,
   * verify, delete): until the move job deletes the old copy, their rows there are in transit, not
   * misplaced. A move still unfinished after this long is reported as a violation.
   */
  static final String IN_TRANSIT = "u.data_residency_changed_at > now() - interval '1 hour'";

  /** One check of one database: how many rows break it, and some of their owners. */
  record Finding(String table, String check, long rows, List<UUID> sampleOwners) {}

  record DatabaseReport(String region, String serves, List<Finding> findings, long violations) {}

  /**
   * @param movesUnderWay users whose rows are in transit between the databases (not violations)
   */
  record Report(
      Instant checkedAt, long violations, long movesUnderWay, List<DatabaseReport> databases) {}

  private final RegionRouter regions;
  private final Clock clock;

  ResidencyAudit(RegionRouter regions, Clock clock) {
    this.regions = regions;
    this.clock = clock;
  }

  Report run() {
    var databases = new ArrayList<DatabaseReport>();
    for (RegionalDatabase db : regions.all()) {
      databases.add(audit(db));
    }
    long moving = 0;
    for (RegionalDatabase db : regions.all()) {
      moving +=
          db.jdbc()
              .sql("SELECT count(*) FROM users u WHERE u.data_residency <> ? AND " + IN_TRANSIT)
              .param(db.region().residency().code())
              .query(Long.class)
              .single();
    }
    return new Report(
        clock.instant(),
        databases.stream().mapToLong(DatabaseReport::violations).sum(),
        moving,
        databases);
  }

  private DatabaseReport audit(RegionalDatabase db) {
    String serves = db.region().residency().code();
    var findings = new ArrayList<Finding>();
    findings.add(
        finding(
            db,
            "users",
            "data_residency is not " + serves + " (and no move under way)",
            "u.id",
            "FROM users u WHERE u.data_residency <> ? AND NOT coalesce(" + IN_TRANSIT + ", false)",
            serves));
    for (PersonalTable t : db.personalTables()) {
      String otherResidency = "(u.data_residency <> ? AND NOT coalesce(" + IN_TRANSIT + ", false))";
      String wrong =
          OWNER_MAY_BE_GONE.contains(t.name())
              ? otherResidency
              : "(u.id IS NULL OR " + otherResidency + ")";
      findings.add(
          finding(
              db,
              t.name(),
              "owner is not a user of this database with residency " + serves,
              "t." + t.ownerColumn(),
              "FROM "
                  + t.name()
                  + " t LEFT JOIN users u ON u.id = t."
                  + t.ownerColumn()
                  + " WHERE t."
                  + t.ownerColumn()
                  + " IS NOT NULL AND "
                  + wrong,
              serves));
    }
    if (serves.equals("eu")) {
      // EU users' data is embedded only by the EU runner; non-eu-temp is the tagged fallback
      findings.add(
          finding(
              db,
              "entity_vectors",
              "an EU user's vector computed outside the EU",
              "owner_user_id",
              "FROM entity_vectors WHERE owner_user_id IS NOT NULL"
                  + " AND deleted_at IS NULL"
                  + " AND coalesce(embedding_meta->>'region', '') NOT IN ('eu', 'non-eu-temp')"));
    }
    return new DatabaseReport(
        db.region().code(), serves, findings, findings.stream().mapToLong(Finding::rows).sum());
  }

  /** Counts the rows of {@code fromWhere} and names a few of their owners. */
  private static Finding finding(
      RegionalDatabase db,
      String table,
      String check,
      String owner,
      String fromWhere,
      Object... params) {
    long rows =
        db.jdbc()
            .sql("SELECT count(*) " + fromWhere)
            .params(Arrays.asList(params))
            .query(Long.class)
            .single();
    List<UUID> sample =
        rows == 0
            ? List.of()
            : db.jdbc()
                .sql("SELECT DISTINCT " + owner + " " + fromWhere + " ORDER BY 1 LIMIT " + SAMPLE)
                .params(Arrays.asList(params))
                .query(UUID.class)
                .list();
    return new Finding(table, check, rows, sample);
  }
}
