package fm.seda.embeddings.internal;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code embeddings_audit} row per embedded item, written in the database of the data's region
 * (an EU user's audit rows never leave the EU database), and an {@code audit_log} entry for every
 * use of non-EU processing for EU data (override id, user, job), as the residency rules require.
 */
final class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final RegionRouter regions;

  AuditTrail(RegionRouter regions) {
    this.regions = regions;
  }

  void record(
      EmbeddingRequest request,
      EmbeddingMeta meta,
      List<Batcher.Embedded> results,
      BigDecimal pricePerMillion,
      boolean shadow) {
    RegionalDatabase db = regions.database(request.region());
    db.template()
        .batchUpdate(
            "INSERT INTO embeddings_audit (owner_user_id, entity_type, entity_id, provider, model, dim, region, version,"
                + " override_id, job_id, tokens, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            java.util.stream.IntStream.range(0, request.items().size()).boxed().toList(),
            500,
            (ps, i) -> {
              EmbeddingInput item = request.items().get(i);
              double tokens = results.get(i).tokens();
              ps.setObject(1, item.ownerUserId());
              ps.setString(2, item.entityType());
              ps.setObject(3, item.entityId());
              ps.setString(4, meta.provider());
              ps.setString(5, meta.model());
              ps.setInt(6, meta.dim());
              ps.setString(7, meta.region());
              ps.setString(8, shadow ? "shadow" : meta.version());
              ps.setObject(9, meta.overrideId());
              ps.setObject(10, request.jobId());
              ps.setInt(11, (int) Math.round(tokens));
              ps.setBigDecimal(
                  12,
                  pricePerMillion
                      .multiply(BigDecimal.valueOf(tokens), MathContext.DECIMAL64)
                      .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64)
                      .setScale(8, RoundingMode.HALF_UP));
            });
  }

  void recordNonEuUse(EmbeddingRequest request, EmbeddingMeta meta, String reason) {
    RegionalDatabase db = regions.database(request.region());
    for (EmbeddingInput item : request.items()) {
      db.jdbc()
          .sql(
              "INSERT INTO audit_log (action, subject_type, subject_id, details) VALUES ('non_eu_embedding_fallback', ?, ?,"
                  + " jsonb_build_object('override_id', ?::text, 'user_id', ?::text, 'job_id', ?::text, 'provider', ?::text,"
                  + " 'model', ?::text, 'reason', ?::text))")
          .params(
              item.entityType(),
              item.entityId().toString(),
              meta.overrideId() == null ? null : meta.overrideId().toString(),
              item.ownerUserId() == null ? null : item.ownerUserId().toString(),
              request.jobId() == null ? null : request.jobId().toString(),
              meta.provider(),
              meta.model(),
              reason)
          .update();
    }
    log.warn(
        "EU data processed outside the EU ({} items, provider {}, override {}, job {}): {}",
        request.items().size(),
        meta.provider(),
        meta.overrideId(),
        request.jobId(),
        reason);
  }
}
