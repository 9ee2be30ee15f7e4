package fm.seda.engine.evaluation;

import fm.seda.engine.cf.AlsModel;
import fm.seda.engine.cf.AlsParams;
import fm.seda.engine.cf.ImplicitAls;
import fm.seda.engine.cf.Interactions;
import fm.seda.engine.cf.ScoredItem;
import fm.seda.engine.cf.TrainingProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The single-signal recommenders the hybrid is compared with, each built on a training part only.
 * Interaction weights (play counts) enter as log(1 + weight): a thousand plays is a strong signal,
 * not a thousand times a single play.
 */
public final class Baselines {

  /** Neighbours kept per item by item-kNN: the usual few dozen. */
  static final int ITEM_NEIGHBOURS = 50;

  private Baselines() {}

  /** Items by how many training users have them. */
  public static Recommender mostPopular(Ratings train) {
    int[] counts = train.itemUserCounts();
    double[] scores = Arrays.stream(counts).asDoubleStream().toArray();
    return named("most-popular", (user, k) -> TopItems.of(scores, k, train, user));
  }

  /**
   * Item-based k-nearest neighbours: cosine of two items' user sets (co-occurrence over the square
   * root of both counts), the {@value #ITEM_NEIGHBOURS} most similar kept per item; a user's score
   * for an item is the sum of its similarities to the user's items.
   */
  public static Recommender itemKnn(Ratings train) {
    int items = train.itemCount();
    int[] counts = train.itemUserCounts();
    List<List<Integer>> usersOf = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      usersOf.add(new ArrayList<>());
    }
    for (int u = 0; u < train.users(); u++) {
      for (int i : train.items(u)) {
        usersOf.get(i).add(u);
      }
    }
    int[][] neighbours = new int[items][];
    double[][] similarity = new double[items][];
    int[] co = new int[items];
    int[] touched = new int[items];
    for (int i = 0; i < items; i++) {
      int n = 0;
      for (int u : usersOf.get(i)) {
        for (int j : train.items(u)) {
          if (j != i && co[j]++ == 0) {
            touched[n++] = j;
          }
        }
      }
      double[] sims = new double[n];
      for (int t = 0; t < n; t++) {
        int j = touched[t];
        sims[t] = co[j] / Math.sqrt((double) counts[i] * counts[j]);
        co[j] = 0;
      }
      Integer[] order = new Integer[n];
      for (int t = 0; t < n; t++) {
        order[t] = t;
      }
      Arrays.sort(
          order,
          (a, b) ->
              sims[a] != sims[b]
                  ? Double.compare(sims[b], sims[a])
                  : Integer.compare(touched[a], touched[b]));
      int keep = Math.min(ITEM_NEIGHBOURS, n);
      neighbours[i] = new int[keep];
      similarity[i] = new double[keep];
      for (int t = 0; t < keep; t++) {
        neighbours[i][t] = touched[order[t]];
        similarity[i][t] = sims[order[t]];
      }
    }
    return named(
        "item-knn",
        (user, k) -> {
          double[] scores = new double[items];
          Arrays.fill(scores, Double.NEGATIVE_INFINITY);
          for (int j : train.items(user)) {
            for (int t = 0; t < neighbours[j].length; t++) {
              int i = neighbours[j][t];
              scores[i] =
                  (scores[i] == Double.NEGATIVE_INFINITY ? 0 : scores[i]) + similarity[j][t];
            }
          }
          return TopItems.of(scores, k, train, user);
        });
  }

  /** The implicit-feedback ALS the server trains ({@link ImplicitAls}), for {@link #alsOf}. */
  static AlsModel train(Ratings train, AlsParams params) {
    var builder = Interactions.builder(train.users(), train.itemCount());
    for (int u = 0; u < train.users(); u++) {
      int[] items = train.items(u);
      double[] weights = train.weights(u);
      for (int k = 0; k < items.length; k++) {
        builder.add(u, items[k], (float) Math.log1p(weights[k]));
      }
    }
    return ImplicitAls.train(builder.build(), params, TrainingProgress.NONE);
  }

  /** Recommends by {@code model}'s scores (trained on {@code train} by {@link #train}). */
  static Recommender alsOf(Ratings train, AlsModel model) {
    return named(
        "als",
        (user, k) ->
            model.recommend(user, k, item -> train.has(user, item)).stream()
                .mapToInt(ScoredItem::item)
                .toArray());
  }

  /**
   * Items by how many of the user's friends have them (ties to the more popular item): what a
   * friend graph alone can say. A user without friends in the data gets nothing.
   */
  public static Recommender social(Ratings train, List<int[]> friendships) {
    int[][] friends = SocialGraph.adjacency(train.users(), friendships);
    double[] popularity = popularityShares(train);
    return named(
        "social",
        (user, k) -> {
          double[] scores = new double[train.itemCount()];
          Arrays.fill(scores, Double.NEGATIVE_INFINITY);
          for (int f : friends[user]) {
            for (int i : train.items(f)) {
              scores[i] = (scores[i] == Double.NEGATIVE_INFINITY ? 0 : scores[i]) + 1;
            }
          }
          for (int i = 0; i < scores.length; i++) {
            if (scores[i] != Double.NEGATIVE_INFINITY) {
              scores[i] += 1e-3 * popularity[i]; // below one friend: only breaks ties
            }
          }
          return TopItems.of(scores, k, train, user);
        });
  }

  /** Each item's training users over the most popular item's, 0..1. */
  static double[] popularityShares(Ratings train) {
    int[] counts = train.itemUserCounts();
    int max = Math.max(1, Arrays.stream(counts).max().orElse(1));
    return Arrays.stream(counts).mapToDouble(c -> (double) c / max).toArray();
  }

  interface Ranking {
    int[] recommend(int user, int k);
  }

  static Recommender named(String name, Ranking ranking) {
    return new Recommender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int[] recommend(int user, int k) {
        return ranking.recommend(user, k);
      }
    };
  }
}
