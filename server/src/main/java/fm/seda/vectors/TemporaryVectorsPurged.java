package fm.seda.vectors;

import fm.seda.regions.Region;
import java.util.List;
import java.util.UUID;

/**
 * Vectors an EU outage had processed outside the EU ({@code embedding_meta.region = 'non-eu-temp'})
 * were purged once the EU path answered again. Catalog items are re-embedded by the vectors module
 * itself; other owners of such vectors compute theirs again on the EU path (taste vectors: the
 * candidates module).
 *
 * @param owners the users whose personal vectors were among them
 */
public record TemporaryVectorsPurged(
    Region region, String entityType, List<UUID> ids, List<UUID> owners) {}
