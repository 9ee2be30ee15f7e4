package fm.seda.engine.cf;

import java.util.List;

/**
 * The best {@code n} of a stream of scored items, kept in a bounded min-heap (the worst kept item
 * at the root), so choosing from m items costs O(m log n) time and O(n) space instead of a sort of
 * all m. Ties go to the lower item index, so results are deterministic.
 */
final class TopN {

  private final int capacity;
  private final int[] items;
  private final double[] scores;
  private int size;

  TopN(int n) {
    this.capacity = n;
    this.items = new int[n];
    this.scores = new double[n];
  }

  void offer(int item, double score) {
    if (size < capacity) {
      items[size] = item;
      scores[size] = score;
      siftUp(size++);
    } else if (capacity > 0 && better(item, score, items[0], scores[0])) {
      items[0] = item;
      scores[0] = score;
      siftDown(0);
    }
  }

  /** The lowest score that could still enter: negative infinity until the heap is full. */
  double threshold() {
    return size < capacity
        ? Double.NEGATIVE_INFINITY
        : capacity == 0 ? Double.POSITIVE_INFINITY : scores[0];
  }

  /** Whether an offered score could still enter (a cheap pre-check before building anything). */
  boolean wouldAccept(double score) {
    return size < capacity || (capacity > 0 && score >= scores[0]);
  }

  /** The kept items, best first; empties the heap. */
  List<ScoredItem> drainBestFirst() {
    var best = new ScoredItem[size];
    while (size > 0) {
      best[size - 1] = new ScoredItem(items[0], scores[0]);
      size--;
      items[0] = items[size];
      scores[0] = scores[size];
      siftDown(0);
    }
    return List.of(best);
  }

  private static boolean better(int item, double score, int otherItem, double otherScore) {
    return score > otherScore || (score == otherScore && item < otherItem);
  }

  private void siftUp(int at) {
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!better(items[parent], scores[parent], items[at], scores[at])) {
        return;
      }
      swap(at, parent);
      at = parent;
    }
  }

  private void siftDown(int at) {
    while (true) {
      int worst = at;
      int left = 2 * at + 1;
      int right = left + 1;
      if (left < size && better(items[worst], scores[worst], items[left], scores[left])) {
        worst = left;
      }
      if (right < size && better(items[worst], scores[worst], items[right], scores[right])) {
        worst = right;
      }
      if (worst == at) {
        return;
      }
      swap(at, worst);
      at = worst;
    }
  }

  private void swap(int i, int j) {
    int item = items[i];
    items[i] = items[j];
    items[j] = item;
    double score = scores[i];
    scores[i] = scores[j];
    scores[j] = score;
  }
}
