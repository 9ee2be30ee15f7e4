package fm.seda.engine.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Friendships as each user's sorted, distinct friends (pairs count in both directions). */
final class SocialGraph {

  private SocialGraph() {}

  static int[][] adjacency(int users, List<int[]> friendships) {
    List<TreeSet<Integer>> sets = new ArrayList<>(users);
    for (int u = 0; u < users; u++) {
      sets.add(new TreeSet<>());
    }
    for (int[] f : friendships) {
      if (f[0] != f[1]) {
        sets.get(f[0]).add(f[1]);
        sets.get(f[1]).add(f[0]);
      }
    }
    int[][] adjacency = new int[users][];
    for (int u = 0; u < users; u++) {
      adjacency[u] = sets.get(u).stream().mapToInt(Integer::intValue).toArray();
    }
    return adjacency;
  }
}
