package fm.seda.regions;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one way to reach a database. Personal reads and writes ask for the database of the owner's
 * residency ({@link #forResidency}); catalog writes go to {@link #all()} regions.
 */
public final class RegionRouter {

  private final Map<Region, RegionalDatabase> databases;
  private final Region local;
  private final boolean embedded;

  /**
   * @param local the region this node runs in: shared (catalog) reads go to its database
   * @param embedded whether both databases live in the embedded development PostgreSQL
   */
  public RegionRouter(List<RegionalDatabase> databases, Region local, boolean embedded) {
    this.local = local;
    this.embedded = embedded;
    var byRegion = new EnumMap<Region, RegionalDatabase>(Region.class);
    databases.forEach(db -> byRegion.put(db.region(), db));
    for (Region region : Region.values()) {
      if (!byRegion.containsKey(region)) {
        throw new IllegalArgumentException("no database configured for region " + region.code());
      }
    }
    this.databases = Map.copyOf(byRegion);
  }

  public RegionalDatabase database(Region region) {
    return databases.get(region);
  }

  /** True on the embedded default, where demo data may be seeded; false on a real PostgreSQL. */
  public boolean isEmbedded() {
    return embedded;
  }

  /**
   * Where organisation-level records with no personal content live (the override ledger, the
   * embedding spend ledger, enforcement actions): one place for every node, the {@code us}
   * database. Anything naming a user belongs in that user's region instead.
   */
  public RegionalDatabase operations() {
    return databases.get(Region.US);
  }

  /** This node's own region's database, for reads of replicated (catalog) data. */
  public RegionalDatabase local() {
    return databases.get(local);
  }

  public RegionalDatabase forResidency(DataResidency residency) {
    return databases.get(residency.region());
  }

  /** Every regional database, EU first (so lookups that try each region find EU rows first). */
  public List<RegionalDatabase> all() {
    return List.of(databases.get(Region.EU), databases.get(Region.US));
  }
}
