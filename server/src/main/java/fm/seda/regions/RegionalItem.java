package fm.seda.regions;

import java.util.UUID;

/**
 * An item of one entity type in one region: the key of the in-memory caches that ranking reads
 * hundreds of times per feed (vectors, catalog facts, popularity rows).
 *
 * <p>The id is held as its two halves, not as a {@link UUID}: a lookup among hundreds of thousands
 * of cached entries then compares the stored key without another memory load to a {@code UUID}
 * object elsewhere in the heap (that load was ~7 % of a nightly-batch feed's JVM samples,
 * docs/BENCHMARKS.md), and an entry is 32 bytes smaller. Known entity types are kept as one shared
 * string each, so comparing them stops at the reference.
 */
public record RegionalItem(Region region, String entityType, long idHigh, long idLow) {

  public RegionalItem {
    entityType = shared(entityType);
  }

  public static RegionalItem of(Region region, String entityType, UUID id) {
    return new RegionalItem(
        region, entityType, id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  public UUID id() {
    return new UUID(idHigh, idLow);
  }

  @Override
  public boolean equals(Object o) {
    // the id first: it tells two keys apart at once, and sits in the key itself
    return o instanceof RegionalItem k
        && idLow == k.idLow
        && idHigh == k.idHigh
        && region == k.region
        && entityType.equals(k.entityType);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(idHigh ^ idLow) * 31 + entityType.hashCode()) * 31 + region.ordinal();
  }

  /**
   * The one shared string of a known entity type (or the type itself): keys holding it compare
   * their types by reference first ({@code ItemKey} too).
   */
  public static String shared(String entityType) {
    return switch (entityType) {
      case "artist" -> "artist";
      case "playlist" -> "playlist";
      case "room" -> "room";
      case "person" -> "person";
      case "user_taste" -> "user_taste";
      default -> entityType;
    };
  }
}
