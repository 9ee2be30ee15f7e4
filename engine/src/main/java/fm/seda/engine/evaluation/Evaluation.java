package fm.seda.engine.evaluation;

import fm.seda.engine.cf.AlsModel;
import fm.seda.engine.cf.AlsParams;
import fm.seda.engine.ranking.RankingWeights;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation: split the dataset, build every recommender on the training part, and score each
 * on the held-out part at every K. Deterministic for a dataset, vectors and options.
 */
public final class Evaluation {

  /**
   * @param ks the list lengths to measure at, e.g. 10 and 50
   * @param testShare each user's share of items held out
   * @param seed the random split's and ALS's seed
   * @param weights the hybrid's re-ranker weights
   * @param perSource candidates per source for the hybrid
   * @param tuned weights found by {@link Tuning}, evaluated too as {@code hybrid-tuned}; or null
   */
  public record Options(
      List<Integer> ks,
      double testShare,
      long seed,
      RankingWeights weights,
      int perSource,
      @Nullable RankingWeights tuned) {

    public static Options defaults() {
      return new Options(List.of(10, 50), 0.2, 20261205L, RankingWeights.DEFAULT, 30, null);
    }

    public Options {
      ks = List.copyOf(ks);
      if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
        throw new IllegalArgumentException("K values must be >= 1, got " + ks);
      }
      if (!(testShare > 0 && testShare < 1)) {
        throw new IllegalArgumentException(
            "the held-out share must be within (0, 1), got " + testShare);
      }
      if (perSource < 1) {
        throw new IllegalArgumentException("candidates per source must be >= 1, got " + perSource);
      }
    }

    int maxK() {
      return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Also evaluates the hybrid with {@code w} (from {@link Tuning}), as {@code hybrid-tuned}. */
    public Options withTuned(RankingWeights w) {
      return new Options(ks, testShare, seed, weights, perSource, w);
    }
  }

  /**
   * The outcome.
   *
   * @param metrics recommender → metric@K → value, recommenders in the order built
   * @param seconds recommender → seconds to build and to recommend for every test user
   * @param popularityDeciles recommender → the share of its recommended items (at the largest K) in
   *     each tenth of the catalogue by training popularity, most popular first; {@code held-out} is
   *     the same for what users really went on to play, for reference
   */
  public record Result(
      String dataset,
      String split,
      int users,
      int items,
      int interactions,
      int testUsers,
      Map<String, Map<String, Double>> metrics,
      Map<String, Double> seconds,
      Map<String, double[]> popularityDeciles) {}

  private Evaluation() {}

  /**
   * Evaluates every recommender; {@code itemVectors} (by item index, entries may be null) are the
   * items' content embeddings, or null to leave content out (the hybrid then has no content signal,
   * and diversity is measured on tags).
   */
  public static Result run(
      Dataset dataset,
      float @Nullable [] @Nullable [] itemVectors,
      Options options,
      Consumer<String> progress) {
    Ratings all = Ratings.of(dataset);
    Split split = Split.of(all, options.testShare(), options.seed(), dataset.timed());
    int[] testUsers = split.testUsers();
    progress.accept(
        "split "
            + split.method()
            + ": "
            + testUsers.length
            + " of "
            + all.users()
            + " users tested");
    var metrics = new LinkedHashMap<String, Map<String, Double>>();
    var seconds = new LinkedHashMap<String, Double>();
    var deciles = new LinkedHashMap<String, double[]>();
    int[] decileOf = popularityDeciles(split.train());
    int[][] heldOut = IntStream.of(testUsers).mapToObj(u -> split.test()[u]).toArray(int[][]::new);
    deciles.put("held-out", decileShares(decileOf, heldOut));
    Components c = Components.build(split.train(), dataset, itemVectors, options, progress);
    var recommenders = new ArrayList<>(c.recommenders(options.weights()));
    if (options.tuned() != null) {
      recommenders.add(c.hybrid(options.tuned(), "hybrid-tuned"));
    }
    for (Recommender r : recommenders) {
      long start = System.nanoTime();
      int[][] lists = recommendAll(r, testUsers, options.maxK());
      Map<String, Double> m = score(lists, split, testUsers, options, c);
      deciles.put(r.name(), decileShares(decileOf, lists));
      if (r instanceof Hybrid) {
        m.put("novel_share", novelShare(lists, testUsers, split.train()));
      }
      seconds.put(r.name(), (System.nanoTime() - start) / 1e9 + c.buildSeconds(r.name()));
      metrics.put(r.name(), m);
      int k = options.maxK();
      progress.accept(r.name() + " done: ndcg@" + k + " " + m.get("ndcg@" + k));
    }
    return new Result(
        dataset.name(),
        split.method(),
        all.users(),
        all.itemCount(),
        dataset.interactions().size(),
        testUsers.length,
        metrics,
        seconds,
        deciles);
  }

  /** Each item's tenth of the catalogue by training popularity, 0 the most popular. */
  static int[] popularityDeciles(Ratings train) {
    int[] counts = train.itemUserCounts();
    Integer[] order = IntStream.range(0, counts.length).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(
        order, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : a - b);
    int[] decile = new int[counts.length];
    for (int rank = 0; rank < order.length; rank++) {
      decile[order[rank]] = (int) ((long) rank * 10 / order.length);
    }
    return decile;
  }

  /** The share of all listed items in each popularity tenth. */
  static double[] decileShares(int[] decileOf, int[][] lists) {
    double[] shares = new double[10];
    long total = 0;
    for (int[] list : lists) {
      for (int item : list) {
        shares[decileOf[item]]++;
        total++;
      }
    }
    for (int d = 0; d < 10; d++) {
      shares[d] = total == 0 ? 0 : shares[d] / total;
    }
    return shares;
  }

  /** The share of listed items new to their user (not among the user's training items). */
  static double novelShare(int[][] lists, int[] users, Ratings train) {
    long novel = 0;
    long total = 0;
    for (int t = 0; t < users.length; t++) {
      for (int item : lists[t]) {
        novel += train.has(users[t], item) ? 0 : 1;
        total++;
      }
    }
    return total == 0 ? 0 : (double) novel / total;
  }

  static int[][] recommendAll(Recommender r, int[] testUsers, int k) {
    int[][] lists = new int[testUsers.length][];
    IntStream.range(0, testUsers.length)
        .parallel()
        .forEach(t -> lists[t] = r.recommend(testUsers[t], k));
    return lists;
  }

  /** The models every recommender draws on, built once on a training part. */
  static final class Components {
    final Ratings train;
    final Dataset dataset;
    final ContentProfiles content;
    final boolean hasVectors;
    final AlsModel als;
    final int[][] friends;
    final Options options;
    final Map<String, Double> buildSeconds = new LinkedHashMap<>();
    final List<Recommender> baselines = new ArrayList<>();

    private Components(
        Ratings train,
        Dataset dataset,
        float @Nullable [] @Nullable [] vectors,
        Options options,
        Consumer<String> progress) {
      this.train = train;
      this.dataset = dataset;
      this.options = options;
      this.hasVectors = vectors != null;
      this.content =
          new ContentProfiles(train, vectors == null ? new float[train.itemCount()][] : vectors);
      this.friends = SocialGraph.adjacency(train.users(), dataset.friends());
      long t = System.nanoTime();
      baselines.add(Baselines.mostPopular(train));
      buildSeconds.put("most-popular", since(t));
      t = System.nanoTime();
      baselines.add(Baselines.itemKnn(train));
      buildSeconds.put("item-knn", since(t));
      progress.accept("item-knn built in " + String.format("%.1f s", since(t)));
      t = System.nanoTime();
      this.als = Baselines.train(train, AlsParams.defaults().withSeed(options.seed()));
      buildSeconds.put("als", since(t));
      progress.accept("als trained in " + String.format("%.1f s", since(t)));
      baselines.add(Baselines.alsOf(train, als));
      if (hasVectors) {
        baselines.add(content.recommender());
      }
      baselines.add(Baselines.social(train, dataset.friends()));
    }

    static Components build(
        Ratings train,
        Dataset dataset,
        float @Nullable [] @Nullable [] vectors,
        Options options,
        Consumer<String> progress) {
      return new Components(train, dataset, vectors, options, progress);
    }

    Recommender byName(String name) {
      return baselines.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    Hybrid hybrid(RankingWeights weights) {
      return hybrid(weights, "hybrid");
    }

    Hybrid hybrid(RankingWeights weights, String name) {
      var sources = new ArrayList<Recommender>();
      if (hasVectors) {
        sources.add(byName("content"));
      }
      sources.add(byName("als"));
      sources.add(byName("social"));
      sources.add(byName("most-popular"));
      return new Hybrid(
          name,
          train,
          content,
          als,
          friends,
          dataset.items(),
          weights,
          options.perSource(),
          sources);
    }

    List<Recommender> recommenders(RankingWeights weights) {
      var all = new ArrayList<>(baselines);
      all.add(hybrid(weights));
      return all;
    }

    double buildSeconds(String name) {
      return buildSeconds.getOrDefault(
          name, name.startsWith("hybrid") ? buildSeconds.get("als") : 0.0);
    }

    /** Item similarity for diversity: embeddings when there are any, else tag overlap. */
    Metrics.ItemSimilarity similarity() {
      if (hasVectors) {
        return content::similarity;
      }
      return (a, b) -> {
        Set<String> x = new HashSet<>(dataset.items().get(a).tags());
        List<String> y = dataset.items().get(b).tags();
        if (x.isEmpty() && y.isEmpty()) {
          return 0;
        }
        long shared = y.stream().filter(x::contains).count();
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        return (double) shared / union.size();
      };
    }
  }

  static Map<String, Double> score(
      int[][] lists, Split split, int[] testUsers, Options options, Components c) {
    int[] counts = split.train().itemUserCounts();
    int users = split.train().users();
    Metrics.ItemSimilarity similarity = c.similarity();
    var m = new LinkedHashMap<String, Double>();
    for (int k : options.ks()) {
      double recall = 0;
      double ndcg = 0;
      double map = 0;
      double hit = 0;
      double novelty = 0;
      double ild = 0;
      var covered = new HashSet<Integer>();
      for (int t = 0; t < testUsers.length; t++) {
        int[] relevant = split.test()[testUsers[t]];
        int[] list = lists[t];
        recall += Metrics.recall(list, relevant, k);
        ndcg += Metrics.ndcg(list, relevant, k);
        map += Metrics.averagePrecision(list, relevant, k);
        hit += Metrics.hitRate(list, relevant, k);
        novelty += Metrics.novelty(list, k, counts, users);
        ild += Metrics.intraListDiversity(list, k, similarity);
        for (int r2 = 0; r2 < Math.min(k, list.length); r2++) {
          covered.add(list[r2]);
        }
      }
      double n = Math.max(1, testUsers.length);
      m.put("recall@" + k, recall / n);
      m.put("ndcg@" + k, ndcg / n);
      m.put("map@" + k, map / n);
      m.put("hit_rate@" + k, hit / n);
      m.put("coverage@" + k, (double) covered.size() / split.train().itemCount());
      m.put("novelty@" + k, novelty / n);
      m.put("ild@" + k, ild / n);
    }
    return m;
  }

  private static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
