package fm.seda.vectors.inprocess;

import fm.seda.vectors.Neighbour;
import fm.seda.vectors.VectorQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * One region's live vectors as flat float arrays, one per entity type and dimension, searched
 * exactly (brute force). It answers while the HNSW graph is being built, so a cold start never
 * waits for the graph, and it is what the graph is built from. Slots are never reused: a deleted
 * vector's slot stays dead, an upsert of a known id overwrites its slot.
 *
 * <p>Thread-safe: searches share a read lock, writes take the write lock (a write is a copy of 384
 * floats, so readers wait microseconds).
 */
final class FlatVectors {

  /** One vector as the builder reads it from a slot. */
  record Entry(String entityType, UUID id, float[] vector, Set<String> tags) {}

  private static final class Space {
    final String entityType;
    final int dim;
    float[] values;
    float[] inverseNorms;
    UUID[] ids;
    List<Set<String>> tags = new ArrayList<>();
    boolean[] live;
    int size;
    final Map<UUID, Integer> slots = new HashMap<>();

    Space(String entityType, int dim) {
      this.entityType = entityType;
      this.dim = dim;
      int capacity = 1024;
      values = new float[capacity * dim];
      inverseNorms = new float[capacity];
      ids = new UUID[capacity];
      live = new boolean[capacity];
    }

    void put(UUID id, float[] vector, Set<String> tagSet) {
      Integer slot = slots.get(id);
      if (slot == null) {
        if (size == ids.length) {
          int capacity = ids.length * 2;
          values = Arrays.copyOf(values, capacity * dim);
          inverseNorms = Arrays.copyOf(inverseNorms, capacity);
          ids = Arrays.copyOf(ids, capacity);
          live = Arrays.copyOf(live, capacity);
        }
        slot = size++;
        slots.put(id, slot);
        ids[slot] = id;
        tags.add(tagSet);
      } else {
        tags.set(slot, tagSet);
      }
      System.arraycopy(vector, 0, values, slot * dim, dim);
      double norm = 0;
      for (float x : vector) {
        norm += x * x;
      }
      inverseNorms[slot] = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
      live[slot] = true;
    }
  }

  private final Map<String, Space> spaces = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long live;

  private static String key(String entityType, int dim) {
    return entityType + "/" + dim;
  }

  void put(String entityType, UUID id, float[] vector, Set<String> tags) {
    lock.writeLock().lock();
    try {
      Space space =
          spaces.computeIfAbsent(
              key(entityType, vector.length), k -> new Space(entityType, vector.length));
      Integer slot = space.slots.get(id);
      if (slot == null || !space.live[slot]) {
        live++;
      }
      space.put(id, vector, tags);
    } finally {
      lock.writeLock().unlock();
    }
  }

  void remove(String entityType, UUID id) {
    lock.writeLock().lock();
    try {
      for (Space space : spaces.values()) {
        if (space.entityType.equals(entityType)) {
          Integer slot = space.slots.get(id);
          if (slot != null && space.live[slot]) {
            space.live[slot] = false;
            live--;
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  long liveCount() {
    lock.readLock().lock();
    try {
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The spaces' keys and how many slots each has now: what a build walks through. */
  Map<String, Integer> slotCounts() {
    lock.readLock().lock();
    try {
      var counts = new HashMap<String, Integer>();
      spaces.forEach((key, space) -> counts.put(key, space.size));
      return counts;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The slot's current vector, or null when it has been deleted since. */
  @Nullable Entry entry(String spaceKey, int slot) {
    lock.readLock().lock();
    try {
      Space space = spaces.get(spaceKey);
      if (space == null || slot >= space.size || !space.live[slot]) {
        return null;
      }
      return new Entry(
          space.entityType,
          space.ids[slot],
          Arrays.copyOfRange(space.values, slot * space.dim, (slot + 1) * space.dim),
          space.tags.get(slot));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The id's current vector in any space of its entity type, or null when it is not live. */
  @Nullable Entry entry(String entityType, UUID id) {
    lock.readLock().lock();
    try {
      for (Space space : spaces.values()) {
        Integer slot = space.slots.get(id);
        if (space.entityType.equals(entityType) && slot != null && space.live[slot]) {
          return new Entry(
              entityType,
              id,
              Arrays.copyOfRange(space.values, slot * space.dim, (slot + 1) * space.dim),
              space.tags.get(slot));
        }
      }
      return null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Exact cosine top-k with the query's filters applied first: the answer HNSW approximates. */
  List<Neighbour> search(VectorQuery query) {
    float[] q = query.vector();
    double qNorm = 0;
    for (float x : q) {
      qNorm += x * x;
    }
    float qInverse = qNorm == 0 ? 0 : (float) (1 / Math.sqrt(qNorm));
    lock.readLock().lock();
    try {
      Space space = spaces.get(key(query.entityType(), q.length));
      if (space == null) {
        return List.of();
      }
      int k = query.k();
      int[] best = new int[k];
      float[] scores = new float[k];
      Arrays.fill(scores, Float.NEGATIVE_INFINITY);
      int found = 0;
      int dim = space.dim;
      float[] values = space.values;
      for (int slot = 0; slot < space.size; slot++) {
        if (!space.live[slot]
            || query.exclude().contains(space.ids[slot])
            || (!query.anyTags().isEmpty()
                && Collections.disjoint(query.anyTags(), space.tags.get(slot)))) {
          continue;
        }
        float dot = 0;
        int base = slot * dim;
        for (int d = 0; d < dim; d++) {
          dot += values[base + d] * q[d];
        }
        float score = dot * space.inverseNorms[slot] * qInverse;
        if (found < k || score > scores[k - 1]) {
          int j = Math.min(found, k - 1);
          while (j > 0 && scores[j - 1] < score) {
            scores[j] = scores[j - 1];
            best[j] = best[j - 1];
            j--;
          }
          scores[j] = score;
          best[j] = slot;
          found = Math.min(found + 1, k);
        }
      }
      var result = new ArrayList<Neighbour>(found);
      for (int i = 0; i < found; i++) {
        result.add(new Neighbour(space.ids[best[i]], scores[i]));
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }
}
