package fm.seda.vectors.internal;

import fm.seda.catalog.CatalogKind;
import fm.seda.embeddings.Embeddings;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.TemporaryVectorsPurged;
import fm.seda.vectors.VectorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * After an EU outage: what was processed outside the EU under a fallback and stored ({@code
 * embedding_meta.region = 'non-eu-temp'}) is purged as soon as the EU path answers again, and
 * redone there (engineering spec, "EU routing and emergency fallback behavior": within 24 hours of
 * recovery; this job looks every {@value #EVERY_MINUTES} minutes). Each purged vector is recorded
 * in the audit log with its owner and the override that had allowed it ({@code
 * non_eu_fallback_reconciled}).
 */
@Configuration(proxyBeanMethods = false)
class TemporaryVectorsReconciliation {

  static final String KIND = "reconcile-non-eu-vectors";
  static final int EVERY_MINUTES = 10;
  private static final Logger log = LoggerFactory.getLogger(TemporaryVectorsReconciliation.class);

  private final RegionRouter regions;
  private final Embeddings embeddings;
  private final VectorStore vectors;
  private final Jobs jobs;
  private final ApplicationEventPublisher events;

  TemporaryVectorsReconciliation(
      RegionRouter regions,
      Embeddings embeddings,
      VectorStore vectors,
      Jobs jobs,
      ApplicationEventPublisher events) {
    this.regions = regions;
    this.embeddings = embeddings;
    this.vectors = vectors;
    this.jobs = jobs;
    this.events = events;
  }

  /** A stored vector processed outside the EU. */
  record Temporary(
      String entityType, UUID entityId, @Nullable UUID owner, @Nullable UUID override) {}

  /**
   * What one run did.
   *
   * @param found temporary vectors in the EU database
   * @param purged those deleted (all of them once the EU path answers, else none)
   */
  record Report(int found, int purged, boolean euPathAvailable) {}

  Report reconcile() {
    RegionalDatabase eu = regions.database(Region.EU);
    List<Temporary> found = temporary(eu);
    if (found.isEmpty()) {
      return new Report(0, 0, true);
    }
    if (!embeddings.euPathAvailable()) {
      log.warn(
          "{} vectors processed outside the EU wait for the EU path to answer again; they are"
              + " purged and redone then",
          found.size());
      return new Report(found.size(), 0, false);
    }
    var byType = new LinkedHashMap<String, List<Temporary>>();
    found.forEach(t -> byType.computeIfAbsent(t.entityType(), k -> new ArrayList<>()).add(t));
    byType.forEach((type, list) -> purge(eu, type, list));
    log.info(
        "EU path is back: purged {} vectors processed outside the EU ({}) and queued them to be"
            + " redone on the EU path",
        found.size(),
        byType.keySet());
    return new Report(found.size(), found.size(), true);
  }

  private void purge(RegionalDatabase eu, String type, List<Temporary> list) {
    List<UUID> ids = list.stream().map(Temporary::entityId).toList();
    // through the store: an in-process index drops them too; then the tombstones go for good
    vectors.delete(Region.EU, type, ids);
    eu.jdbc()
        .sql(
            "DELETE FROM entity_vectors WHERE entity_type = ? AND entity_id = ANY(?)"
                + " AND deleted_at IS NOT NULL AND embedding_meta->>'region' = 'non-eu-temp'")
        .params(type, ids.toArray(UUID[]::new))
        .update();
    eu.template()
        .batchUpdate(
            "INSERT INTO audit_log (action, subject_type, subject_id, details) VALUES"
                + " ('non_eu_fallback_reconciled', ?, ?, jsonb_build_object('user_id', ?::text,"
                + " 'override_id', ?::text, 'entity_type', ?::text))",
            list,
            500,
            (ps, t) -> {
              ps.setString(1, t.entityType());
              ps.setString(2, t.entityId().toString());
              ps.setString(3, t.owner() == null ? null : t.owner().toString());
              ps.setString(4, t.override() == null ? null : t.override().toString());
              ps.setString(5, t.entityType());
            });
    catalogKind(type)
        .ifPresent(
            kind -> {
              for (int from = 0; from < ids.size(); from += CatalogEmbedding.CHUNK) {
                List<String> chunk =
                    ids.subList(from, Math.min(ids.size(), from + CatalogEmbedding.CHUNK)).stream()
                        .map(UUID::toString)
                        .toList();
                jobs.enqueue(
                    Region.EU, CatalogEmbedding.KIND, Map.of("kind", kind.path(), "ids", chunk));
              }
            });
    List<UUID> owners =
        list.stream().map(Temporary::owner).filter(o -> o != null).distinct().toList();
    events.publishEvent(new TemporaryVectorsPurged(Region.EU, type, ids, owners));
  }

  private static Optional<CatalogKind> catalogKind(String entityType) {
    return Arrays.stream(CatalogKind.values())
        .filter(k -> k.entityType().equals(entityType))
        .findFirst();
  }

  private static List<Temporary> temporary(RegionalDatabase db) {
    var found = new ArrayList<Temporary>();
    db.jdbc()
        .sql(
            "SELECT entity_type, entity_id, owner_user_id, embedding_meta->>'override_id'"
                + " FROM entity_vectors WHERE deleted_at IS NULL"
                + " AND embedding_meta->>'region' = 'non-eu-temp'")
        .query(
            (RowCallbackHandler)
                rs -> {
                  String override = rs.getString(4);
                  found.add(
                      new Temporary(
                          rs.getString(1),
                          rs.getObject(2, UUID.class),
                          rs.getObject(3, UUID.class),
                          override == null ? null : UUID.fromString(override)));
                });
    return found;
  }

  @Bean
  RecurringJob temporaryVectorsReconciliationSchedule() {
    return new RecurringJob(
        KIND, Duration.ofMinutes(EVERY_MINUTES), java.util.Set.of(Region.EU), Map.of());
  }

  @Bean
  JobHandler temporaryVectorsReconciliationJob() {
    // essential: a compliance deadline, not a cost the spend cap may stop
    return JobHandler.of(KIND, true, job -> reconcile());
  }
}
