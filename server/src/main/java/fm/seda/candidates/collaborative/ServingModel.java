package fm.seda.candidates.collaborative;

import fm.seda.candidates.internal.ItemKey;
import fm.seda.engine.cf.AlsModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trained model version as it serves: the factors, which item each index is, and the reverse
 * index. Immutable; a new version replaces it whole.
 */
public final class ServingModel {

  private final String version;
  private final Instant trainedAt;
  private final AlsModel model;
  private final List<ItemKey> items;
  private final Map<String, UuidIndex> index;
  private final Map<String, int[]> ranges;

  public ServingModel(String version, Instant trainedAt, AlsModel model, List<ItemKey> items) {
    if (items.size() != model.items()) {
      throw new IllegalArgumentException(
          "model " + version + " has " + model.items() + " items but " + items.size() + " keys");
    }
    this.version = version;
    this.trainedAt = trainedAt;
    this.model = model;
    this.items = List.copyOf(items);
    // per entity type: its index range, and one flat id table (the nightly batch looks up hundreds
    // of items per feed)
    var byType = new HashMap<String, int[]>();
    var idsByType = new HashMap<String, List<UUID>>();
    var positionsByType = new HashMap<String, List<Integer>>();
    for (int i = 0; i < items.size(); i++) {
      int at = i;
      ItemKey item = items.get(i);
      byType.merge(item.entityType(), new int[] {i, i + 1}, (a, b) -> new int[] {a[0], at + 1});
      idsByType.computeIfAbsent(item.entityType(), t -> new ArrayList<>()).add(item.entityId());
      positionsByType.computeIfAbsent(item.entityType(), t -> new ArrayList<>()).add(i);
    }
    this.ranges = Map.copyOf(byType);
    var byTypeIndex = new HashMap<String, UuidIndex>();
    idsByType.forEach(
        (type, ids) ->
            byTypeIndex.put(
                type,
                new UuidIndex(
                    ids,
                    positionsByType.get(type).stream().mapToInt(Integer::intValue).toArray())));
    this.index = Map.copyOf(byTypeIndex);
  }

  /**
   * The index range {@code [from, to)} of an entity type (items are stored ordered by type), or an
   * empty range when the model has none of that type.
   */
  public int[] range(String entityType) {
    return ranges.getOrDefault(entityType, new int[] {0, 0}).clone();
  }

  public String version() {
    return version;
  }

  public Instant trainedAt() {
    return trainedAt;
  }

  public AlsModel model() {
    return model;
  }

  public List<ItemKey> items() {
    return items;
  }

  /** The index of {@code key} in the model, or -1 when the model has never seen it. */
  public int indexOf(ItemKey key) {
    UuidIndex ofType = index.get(key.entityType());
    return ofType == null ? -1 : ofType.get(key.entityId());
  }
}
