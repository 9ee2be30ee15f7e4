package fm.seda.residency.internal;

import fm.seda.jobs.Jobs;
import fm.seda.regions.DataResidency;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.residency.ResidencySignal;
import fm.seda.residency.ResidencySource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * SQL for residency: where a user's row is, their signals, and a change of residency, which is one
 * transaction in the database that holds the user: the signal, the {@code residency_changes} row,
 * the move job and the new {@code users.data_residency} commit together or not at all.
 */
@Repository
class ResidencyStore {

  /** The move job's kind; it runs in the database the user is leaving. */
  static final String MOVE_JOB = "move-residency";

  private final RegionRouter regions;
  private final Jobs jobs;

  ResidencyStore(RegionRouter regions, Jobs jobs) {
    this.regions = regions;
    this.jobs = jobs;
  }

  /**
   * A user's account row as the databases hold it.
   *
   * @param db where the user's data is read and written now: the database of their residency
   * @param moving whether a move is under way: the row is in both databases, or in one whose
   *     residency it no longer has
   */
  record Located(
      RegionalDatabase db,
      UUID userId,
      String subject,
      DataResidency residency,
      ResidencySource source,
      @Nullable Instant changedAt,
      boolean moving) {}

  /**
   * A user's account row as one database holds it: one row normally, one in each database while a
   * move is between its copy and its delete.
   */
  record AccountRow(
      RegionalDatabase db,
      String subject,
      DataResidency residency,
      ResidencySource source,
      @Nullable Instant changedAt,
      boolean deleted) {}

  /** The user's account rows, EU database first (deleted accounts too: their rows move as well). */
  List<AccountRow> accountRows(UUID userId) {
    var rows = new ArrayList<AccountRow>();
    for (RegionalDatabase db : regions.all()) {
      db.jdbc()
          .sql(
              "SELECT auth_user_id, data_residency, data_residency_source, data_residency_changed_at,"
                  + " deleted_at IS NOT NULL FROM users WHERE id = ?")
          .param(userId)
          .query(
              (RowCallbackHandler)
                  rs -> {
                    OffsetDateTime changed = rs.getObject(4, OffsetDateTime.class);
                    rows.add(
                        new AccountRow(
                            db,
                            rs.getString(1),
                            DataResidency.fromCode(rs.getString(2)),
                            ResidencySource.fromCode(rs.getString(3)),
                            changed == null ? null : changed.toInstant(),
                            rs.getBoolean(5)));
                  });
    }
    return rows;
  }

  /** The live account, where its data is read and written now; empty when none or deleted. */
  Optional<Located> locate(UUID userId) {
    List<AccountRow> rows = accountRows(userId).stream().filter(r -> !r.deleted()).toList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    AccountRow row = rows.getFirst();
    boolean moving = rows.size() > 1 || row.db().region().residency() != row.residency();
    return Optional.of(
        new Located(
            regions.forResidency(row.residency()),
            userId,
            row.subject(),
            row.residency(),
            row.source(),
            row.changedAt(),
            moving));
  }

  List<ResidencySignal> signals(RegionalDatabase db, UUID userId) {
    return db.jdbc()
        .sql(
            "SELECT source, residency, actor, evidence, override_id, recorded_at, expires_at"
                + " FROM residency_signals WHERE user_id = ? ORDER BY recorded_at")
        .param(userId)
        .query(ResidencyStore::signal)
        .list();
  }

  private static ResidencySignal signal(ResultSet rs, int row) throws SQLException {
    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
    return new ResidencySignal(
        ResidencySource.fromCode(rs.getString("source")),
        DataResidency.fromCode(rs.getString("residency")),
        rs.getString("actor"),
        rs.getString("evidence"),
        rs.getObject("override_id", UUID.class),
        rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
        expires == null ? null : expires.toInstant());
  }

  /** What a change did. {@code moveJobId} is set when the residency itself changed. */
  record Applied(
      DataResidency from, DataResidency to, ResidencySource source, @Nullable UUID moveJobId) {}

  /**
   * Changes the user's signals with {@code change} (given the current ones, returns the ones to
   * keep), decides residency again and, when it or its source changed, records the change; a new
   * residency also queues the move. Runs under a lock on the user's row, so two changes of one user
   * are applied one after the other.
   *
   * @param actorId the user or admin who made the change, null for a system (billing, expiry)
   */
  Applied apply(
      Located user,
      UnaryOperator<List<ResidencySignal>> change,
      @Nullable UUID actorId,
      String reason,
      Instant now) {
    RegionalDatabase db = user.db();
    return db.transactions()
        .execute(
            tx -> {
              db.jdbc()
                  .sql("SELECT 1 FROM users WHERE id = ? FOR UPDATE")
                  .param(user.userId())
                  .query(Integer.class)
                  .single();
              List<ResidencySignal> before = signals(db, user.userId());
              List<ResidencySignal> after = change.apply(before);
              db.jdbc()
                  .sql("DELETE FROM residency_signals WHERE user_id = ?")
                  .param(user.userId())
                  .update();
              for (ResidencySignal s : after) {
                insert(db, user.userId(), s);
              }
              Precedence.Decision decided = Precedence.decide(after, now);
              if (decided.residency() == user.residency() && decided.source() == user.source()) {
                return new Applied(user.residency(), user.residency(), user.source(), null);
              }
              UUID job = null;
              if (decided.residency() != user.residency()) {
                job =
                    jobs.enqueue(
                        db.region(), MOVE_JOB, Map.of("user_id", user.userId().toString()));
              }
              // residency_changes first: its guard trigger checks the owner's residency as it was
              db.jdbc()
                  .sql(
                      "INSERT INTO residency_changes (user_id, old_value, new_value, source, actor_id,"
                          + " reason, job_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
                  .params(
                      user.userId(),
                      user.residency().code(),
                      decided.residency().code(),
                      decided.source().code(),
                      actorId,
                      reason,
                      job)
                  .update();
              db.jdbc()
                  .sql(
                      "UPDATE users SET data_residency = ?, data_residency_source = ?,"
                          + " data_residency_changed_by = ?, data_residency_changed_at = ?,"
                          + " updated_at = now() WHERE id = ?")
                  .params(
                      decided.residency().code(),
                      decided.source().code(),
                      actorId,
                      Timestamp.from(now),
                      user.userId())
                  .update();
              return new Applied(user.residency(), decided.residency(), decided.source(), job);
            });
  }

  private static void insert(RegionalDatabase db, UUID userId, ResidencySignal s) {
    db.jdbc()
        .sql(
            "INSERT INTO residency_signals (user_id, source, residency, actor, evidence, override_id,"
                + " recorded_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            userId,
            s.source().code(),
            s.residency().code(),
            s.actor(),
            s.evidence(),
            s.overrideId(),
            Timestamp.from(s.recordedAt()),
            s.expiresAt() == null ? null : Timestamp.from(s.expiresAt()))
        .update();
  }

  /** The users of {@code db} whose residency rests on an admin override that has expired. */
  List<UUID> expiredOverrides(RegionalDatabase db, Instant now) {
    return db.jdbc()
        .sql(
            "SELECT u.id FROM users u JOIN residency_signals s ON s.user_id = u.id"
                + " AND s.source = 'admin_override' WHERE s.expires_at <= ? AND u.deleted_at IS NULL")
        .param(Timestamp.from(now))
        .query(UUID.class)
        .list();
  }

  /** The move job of the user's latest residency change, if it changed residency. */
  Optional<UUID> latestMoveJob(RegionalDatabase db, UUID userId) {
    return db.jdbc()
        .sql(
            "SELECT job_id FROM residency_changes WHERE user_id = ? AND job_id IS NOT NULL"
                + " ORDER BY created_at DESC LIMIT 1")
        .param(userId)
        .query(UUID.class)
        .optional();
  }
}
