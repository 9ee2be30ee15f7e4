package fm.seda.residency.internal;

import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.regions.DataResidency;
import fm.seda.regions.PersonalTable;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.regions.ResidencyMoved;
import fm.seda.vectors.VectorStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Moves a user's personal rows to the database of their new residency: copy, verify, delete.
 *
 * <p>Crash-safe and resumable without a state table: each run reads the state from the databases
 * themselves. The account row only in the old database: copy. In both: verify and delete the old.
 * Only in the new: finish (announce {@link ResidencyMoved}). The copy is one transaction in the new
 * database (all rows or none) and an upsert by primary key, so running it again is harmless; the
 * delete is one transaction in the old database and happens only after the new one is shown to hold
 * every old row. A run interrupted anywhere therefore leaves one or two complete copies, and the
 * next run (the job queue retries, a crashed node's lease lapses) ends with exactly one.
 *
 * <p>While the move is under way the old database refuses new personal rows of the user (its
 * residency guard sees the new residency), and the new one accepts them once the account row is
 * copied: nothing is written where it will be deleted. What the old database still lets through is
 * an update of an existing row by a node that has not yet noticed the change; an update in the
 * second or two between copy and delete is lost, which the verification cannot tell from a newer
 * row in the new database.
 *
 * <p>Taste vectors are not copied: each region computes them with its own model, so the new region
 * computes them again (a listener of {@link ResidencyMoved}) and the old ones are deleted through
 * the vector store, so its search index drops them too.
 */
@Component
class ResidencyMover {

  private static final Logger log = LoggerFactory.getLogger(ResidencyMover.class);

  /** Rows never copied: recomputed in the new region instead (see the class comment). */
  static final Set<String> RECOMPUTED = Set.of("entity_vectors");

  /** Queued jobs about the user (except this one) move with them: {@code payload.user_id}. */
  private static final String PENDING_JOBS =
      "status = 'queued' AND payload->>'user_id' = ?::text AND kind <> '"
          + ResidencyStore.MOVE_JOB
          + "'";

  private final RegionRouter regions;
  private final ResidencyStore store;
  private final VectorStore vectors;
  private final ApplicationEventPublisher events;

  /** Column lists and primary keys by table: the schema does not change while running. */
  private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();

  ResidencyMover(
      RegionRouter regions,
      ResidencyStore store,
      VectorStore vectors,
      ApplicationEventPublisher events) {
    this.regions = regions;
    this.store = store;
    this.vectors = vectors;
    this.events = events;
  }

  /** What one table holds of the user, and how to find it. */
  private record Part(String table, String where) {}

  private record TableShape(List<String> columns, List<String> primaryKey) {}

  /** What a run found and did. */
  enum Outcome {
    MOVED,
    ALREADY_MOVED,
    NO_ACCOUNT
  }

  /** The job: moves the user named in the payload. */
  JobHandler handler() {
    return JobHandler.of(
        ResidencyStore.MOVE_JOB,
        true, // compliance work: runs even when the spend cap stops non-essential jobs
        (Job job) -> move(UUID.fromString(String.valueOf(job.payload().get("user_id")))));
  }

  Outcome move(UUID userId) {
    Optional<Ends> ends = ends(userId);
    if (ends.isEmpty()) {
      log.warn("Residency move of user {}: no account in either database; nothing to move", userId);
      return Outcome.NO_ACCOUNT;
    }
    Ends e = ends.get();
    if (!e.inSource()) {
      finish(e);
      return Outcome.ALREADY_MOVED;
    }
    Map<String, Integer> copied = copy(e);
    verify(e);
    deleteSource(e);
    log.info(
        "Residency move of user {} from {} to {}: copied {}",
        userId,
        e.from().code(),
        e.to().code(),
        copied);
    finish(e);
    return Outcome.MOVED;
  }

  /**
   * Where the user is going and what each database holds now.
   *
   * @param inSource whether the old database still holds the account row
   */
  record Ends(
      UUID userId,
      String subject,
      DataResidency from,
      DataResidency to,
      RegionalDatabase source,
      RegionalDatabase target,
      boolean inSource) {}

  Optional<Ends> ends(UUID userId) {
    List<ResidencyStore.AccountRow> rows = store.accountRows(userId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    if (rows.stream().map(ResidencyStore.AccountRow::residency).distinct().count() > 1) {
      throw new IllegalStateException(
          "user "
              + userId
              + "'s two account rows disagree on residency: a change was made during a move;"
              + " resolve by hand before retrying");
    }
    DataResidency to = rows.getFirst().residency();
    RegionalDatabase target = regions.forResidency(to);
    RegionalDatabase source =
        regions.all().stream().filter(db -> db != target).findFirst().orElseThrow();
    boolean inSource = rows.stream().anyMatch(r -> r.db() == source);
    return Optional.of(
        new Ends(
            userId,
            rows.getFirst().subject(),
            source.region().residency(),
            to,
            source,
            target,
            inSource));
  }

  /** The user's rows, table by table, parents first (the account row before what refers to it). */
  private List<Part> parts(RegionalDatabase db) {
    var parts = new ArrayList<Part>();
    parts.add(new Part("users", "id = ?"));
    for (PersonalTable t : db.personalTables()) {
      if (!RECOMPUTED.contains(t.name())) {
        parts.add(new Part(t.name(), t.ownerColumn() + " = ?"));
      }
    }
    parts.add(new Part("jobs", PENDING_JOBS));
    return parts;
  }

  /**
   * Copies every row of the user into the target in one transaction, replacing what a previous run
   * copied; returns the rows copied per table.
   */
  Map<String, Integer> copy(Ends e) {
    var copied = new LinkedHashMap<String, Integer>();
    e.target()
        .transactions()
        .executeWithoutResult(
            tx -> {
              for (Part part : parts(e.target())) {
                String rows =
                    e.source()
                        .jdbc()
                        .sql(
                            "SELECT coalesce(json_agg(t), '[]')::text FROM "
                                + part.table()
                                + " t WHERE "
                                + part.where())
                        .param(e.userId())
                        .query(String.class)
                        .single();
                copied.put(
                    part.table(),
                    e.target().jdbc().sql(upsert(e.target(), part.table())).param(rows).update());
              }
            });
    return copied;
  }

  /**
   * The statement that writes a JSON array of rows into {@code table}, a row already there (by
   * primary key) taking the copied values.
   */
  private String upsert(RegionalDatabase db, String table) {
    TableShape shape = shape(db, table);
    var sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" SELECT * FROM json_populate_recordset(NULL::")
            .append(table)
            .append(", ?::json) ON CONFLICT (")
            .append(String.join(", ", shape.primaryKey()))
            .append(") DO ");
    List<String> others =
        shape.columns().stream().filter(c -> !shape.primaryKey().contains(c)).toList();
    if (others.isEmpty()) {
      return sql.append("NOTHING").toString();
    }
    sql.append("UPDATE SET ");
    for (int i = 0; i < others.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append(others.get(i))
          .append(" = EXCLUDED.")
          .append(others.get(i));
    }
    return sql.toString();
  }

  private TableShape shape(RegionalDatabase db, String table) {
    return shapes.computeIfAbsent(
        table,
        t ->
            new TableShape(
                db.jdbc()
                    .sql(
                        "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0"
                            + " AND NOT attisdropped ORDER BY attnum")
                    .param(t)
                    .query(String.class)
                    .list(),
                db.jdbc()
                    .sql(
                        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                            + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ?::regclass AND i.indisprimary"
                            + " ORDER BY array_position(i.indkey::int2[], a.attnum)")
                    .param(t)
                    .query(String.class)
                    .list()));
  }

  /**
   * Refuses to go on unless the target holds every row the source holds (by primary key): only then
   * can the source be deleted without losing anything. Rows the target has beyond those are new
   * writes since the copy, in the right place.
   */
  void verify(Ends e) {
    var missing = new ArrayList<String>();
    for (Part part : parts(e.target())) {
      Set<String> source = keys(e.source(), part, e.userId());
      Set<String> target = keys(e.target(), part, e.userId());
      source.removeAll(target);
      if (!source.isEmpty()) {
        missing.add(source.size() + " " + part.table());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "residency move of user "
              + e.userId()
              + ": the "
              + e.target().region().code()
              + " copy lacks rows the "
              + e.source().region().code()
              + " database holds ("
              + String.join(", ", missing)
              + "); the source is kept and the copy is retried");
    }
  }

  private Set<String> keys(RegionalDatabase db, Part part, UUID userId) {
    String key =
        "json_build_array(" + String.join(", ", shape(db, part.table()).primaryKey()) + ")";
    return new HashSet<>(
        db.jdbc()
            .sql("SELECT " + key + "::text FROM " + part.table() + " WHERE " + part.where())
            .param(userId)
            .query(String.class)
            .list());
  }

  /**
   * Deletes the user's rows from the source: the vectors through the vector store (its index
   * forgets them), then every row, children first, in one transaction.
   */
  void deleteSource(Ends e) {
    RegionalDatabase source = e.source();
    Map<String, List<UUID>> personalVectors = new HashMap<>();
    source
        .jdbc()
        .sql(
            "SELECT entity_type, entity_id FROM entity_vectors WHERE owner_user_id = ?"
                + " AND deleted_at IS NULL")
        .param(e.userId())
        .query(
            (RowCallbackHandler)
                rs ->
                    personalVectors
                        .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getObject(2, UUID.class)));
    personalVectors.forEach((type, ids) -> vectors.delete(source.region(), type, ids));
    List<Part> parts = new ArrayList<>(parts(source));
    parts.add(new Part("entity_vectors", "owner_user_id = ?")); // the tombstones
    Collections.reverse(parts);
    source
        .transactions()
        .executeWithoutResult(
            tx -> {
              for (Part part : parts) {
                source
                    .jdbc()
                    .sql("DELETE FROM " + part.table() + " WHERE " + part.where())
                    .param(e.userId())
                    .update();
              }
            });
  }

  /** Announces the move (again, on a resumed run: listeners are idempotent) and records it. */
  private void finish(Ends e) {
    e.target()
        .jdbc()
        .sql(
            "INSERT INTO audit_log (action, subject_type, subject_id, details) VALUES"
                + " ('residency_moved', 'user', ?, jsonb_build_object('from', ?::text, 'to', ?::text))")
        .params(e.userId().toString(), e.from().code(), e.to().code())
        .update();
    events.publishEvent(new ResidencyMoved(e.userId(), e.subject(), e.from(), e.to()));
  }
}
