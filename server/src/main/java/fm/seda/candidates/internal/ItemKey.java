package fm.seda.candidates.internal;

import fm.seda.regions.RegionalItem;
import java.util.Objects;
import java.util.UUID;

/**
 * An item across entity types: rooms, playlists and artists share one id space per type.
 *
 * <p>A value class rather than a record so that it keeps its id's two halves and its hash beside
 * the id: feature assembly looks every candidate up in a few maps (the page's items, the user's
 * friends and history), and a record's equals and hashCode read the {@link UUID} object, another
 * memory load each time (ItemKey.equals alone was 3 % of a nightly-batch feed's JVM samples,
 * docs/BENCHMARKS.md). Known entity types are kept as one shared string each, so comparing them
 * stops at the reference.
 */
public final class ItemKey {

  private final String entityType;
  private final UUID entityId;
  private final long idHigh;
  private final long idLow;
  private final int hash;

  public ItemKey(String entityType, UUID entityId) {
    this.entityType = RegionalItem.shared(Objects.requireNonNull(entityType, "entityType"));
    this.entityId = Objects.requireNonNull(entityId, "entityId");
    this.idHigh = entityId.getMostSignificantBits();
    this.idLow = entityId.getLeastSignificantBits();
    this.hash = Long.hashCode(idHigh ^ idLow) * 31 + this.entityType.hashCode();
  }

  public String entityType() {
    return entityType;
  }

  public UUID entityId() {
    return entityId;
  }

  @Override
  public boolean equals(Object o) {
    // the id first: it tells two keys apart at once, and sits in the key itself
    return o instanceof ItemKey k
        && idLow == k.idLow
        && idHigh == k.idHigh
        && entityType.equals(k.entityType);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return entityType + ":" + entityId;
  }
}
