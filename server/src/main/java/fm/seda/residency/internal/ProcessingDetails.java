package fm.seda.residency.internal;

import fm.seda.overrides.Overrides;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.residency.NonEuProcessingDetails;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Reads a user's non-EU processing from the EU database's audit log: the uses the embeddings
 * service recorded ({@code non_eu_embedding_fallback}) and the purges that ended them ({@code
 * non_eu_fallback_reconciled}). Only EU data is ever processed under the fallback, so only the EU
 * database holds such rows; a user who moved out of the EU still sees theirs.
 */
@Component
public class ProcessingDetails {

  static final String PURGE_POLICY =
      "deleted and redone in the EU as soon as the EU path answers again (checked every 10"
          + " minutes; at most 24 hours after recovery)";

  private final RegionRouter regions;
  private final Overrides overrides;

  ProcessingDetails(RegionRouter regions, Overrides overrides) {
    this.regions = regions;
    this.overrides = overrides;
  }

  private record Row(Instant at, String action, Map<String, String> details, String entity) {}

  public NonEuProcessingDetails of(UUID userId) {
    RegionalDatabase eu = regions.database(fm.seda.regions.Region.EU);
    var rows = new ArrayList<Row>();
    eu.jdbc()
        .sql(
            "SELECT occurred_at, action, details->>'override_id', details->>'job_id',"
                + " details->>'provider', details->>'model', details->>'reason', subject_type, subject_id"
                + " FROM audit_log WHERE action IN ('non_eu_embedding_fallback', 'non_eu_fallback_reconciled')"
                + " AND details->>'user_id' = ?::text ORDER BY occurred_at")
        .param(userId)
        .query(
            (RowCallbackHandler)
                rs -> {
                  var details = new java.util.HashMap<String, String>();
                  put(details, "override_id", rs.getString(3));
                  put(details, "job_id", rs.getString(4));
                  put(details, "provider", rs.getString(5));
                  put(details, "model", rs.getString(6));
                  put(details, "reason", rs.getString(7));
                  put(details, "entity_type", rs.getString(8));
                  rows.add(
                      new Row(
                          rs.getObject(1, OffsetDateTime.class).toInstant(),
                          rs.getString(2),
                          details,
                          rs.getString(8) + ":" + rs.getString(9)));
                });
    var uses = new ArrayList<NonEuProcessingDetails.Use>();
    for (Row use : rows) {
      if (!use.action().equals("non_eu_embedding_fallback")) {
        continue;
      }
      Optional<Instant> purged =
          rows.stream()
              .filter(r -> r.action().equals("non_eu_fallback_reconciled"))
              .filter(r -> r.entity().equals(use.entity()) && !r.at().isBefore(use.at()))
              .map(Row::at)
              .findFirst();
      String override = use.details().get("override_id");
      String job = use.details().get("job_id");
      uses.add(
          new NonEuProcessingDetails.Use(
              use.at(),
              use.details().getOrDefault("entity_type", "unknown"),
              use.details().getOrDefault("provider", "unknown"),
              use.details().getOrDefault("model", "unknown"),
              use.details().getOrDefault("reason", ""),
              job == null ? null : UUID.fromString(job),
              override == null ? null : overrides.summary(UUID.fromString(override)).orElse(null),
              purged.orElse(null),
              PURGE_POLICY));
    }
    List<NonEuProcessingDetails.Use> pending =
        uses.stream().filter(u -> u.purgedAt() == null).toList();
    String notice =
        pending.isEmpty()
            ? null
            : "During an outage of our EU processing on "
                + pending.stream()
                    .map(u -> DAY.format(u.at().atOffset(ZoneOffset.UTC)))
                    .distinct()
                    .collect(Collectors.joining(", "))
                + ", some of your data was processed outside the EU ("
                + (pending.stream().anyMatch(u -> u.override() != null)
                    ? "under an approved emergency override"
                    : "as you allowed in your privacy settings")
                + "). The result is "
                + PURGE_POLICY
                + ".";
    return new NonEuProcessingDetails(uses, notice);
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy");

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
