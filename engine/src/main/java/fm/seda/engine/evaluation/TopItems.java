package fm.seda.engine.evaluation;

import java.util.PriorityQueue;

/**
 * The best {@code k} items by score, best first, ties to the lower index; skips the user's training
 * items and items scored {@code NEGATIVE_INFINITY} (nothing to say about them).
 */
final class TopItems {

  private TopItems() {}

  static int[] of(double[] scores, int k, Ratings train, int user) {
    record Scored(int item, double score) {}
    var heap =
        new PriorityQueue<Scored>(
            (a, b) ->
                a.score() != b.score()
                    ? Double.compare(a.score(), b.score())
                    : Integer.compare(b.item(), a.item()));
    for (int i = 0; i < scores.length; i++) {
      double s = scores[i];
      if (s == Double.NEGATIVE_INFINITY || Double.isNaN(s)) {
        continue;
      }
      if (heap.size() < k) {
        if (!train.has(user, i)) {
          heap.add(new Scored(i, s));
        }
      } else if (k > 0) {
        Scored worst = heap.peek();
        if ((s > worst.score() || (s == worst.score() && i < worst.item()))
            && !train.has(user, i)) {
          heap.poll();
          heap.add(new Scored(i, s));
        }
      }
    }
    int[] best = new int[heap.size()];
    for (int r = best.length - 1; r >= 0; r--) {
      best[r] = heap.poll().item();
    }
    return best;
  }
}
