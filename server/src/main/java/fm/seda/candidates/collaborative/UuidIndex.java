package fm.seda.candidates.collaborative;

import java.util.List;
import java.util.UUID;

/**
 * Ids to ints in one flat array (open addressing, linear probing): each slot holds an id's two
 * halves and its value side by side, so a lookup usually reads one cache line. A {@code
 * HashMap<ItemKey, Integer>} walks from its table to a node, a key record and the key's {@code
 * UUID}, each a cache miss among a model's 320k items: that lookup was 3.2 % of a nightly batch
 * feed's time, and 1.7–2.0 % with this table (docs/BENCHMARKS.md). Immutable once built.
 */
final class UuidIndex {

  private static final int SLOT = 3; // most significant half, least significant half, value + 1

  private final long[] slots;
  private final int mask;

  /**
   * @param ids distinct ids
   * @param values each id's value, 0 or more
   */
  UuidIndex(List<UUID> ids, int[] values) {
    if (ids.size() != values.length) {
      throw new IllegalArgumentException(ids.size() + " ids but " + values.length + " values");
    }
    // at most half full: probes stay short
    int capacity = Integer.highestOneBit(Math.max(2, ids.size()) * 2 - 1) << 1;
    this.mask = capacity - 1;
    this.slots = new long[capacity * SLOT];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        throw new IllegalArgumentException("value " + values[i] + " of " + ids.get(i));
      }
      put(ids.get(i), values[i]);
    }
  }

  private void put(UUID id, int value) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    int slot = slotOf(high, low);
    while (slots[slot * SLOT + 2] != 0) {
      if (slots[slot * SLOT] == high && slots[slot * SLOT + 1] == low) {
        throw new IllegalArgumentException("id " + id + " given twice");
      }
      slot = (slot + 1) & mask;
    }
    slots[slot * SLOT] = high;
    slots[slot * SLOT + 1] = low;
    slots[slot * SLOT + 2] = value + 1L;
  }

  /** The value of {@code id}, or -1 when it has none. */
  int get(UUID id) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    int slot = slotOf(high, low);
    while (true) {
      int at = slot * SLOT;
      long stored = slots[at + 2];
      if (stored == 0) {
        return -1;
      }
      if (slots[at] == high && slots[at + 1] == low) {
        return (int) (stored - 1);
      }
      slot = (slot + 1) & mask;
    }
  }

  private int slotOf(long high, long low) {
    long h = (high ^ low) * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads any bits
    return (int) (h >>> 32) & mask;
  }
}
