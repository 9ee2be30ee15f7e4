package fm.seda.recommendations.internal;

import fm.seda.engine.ranking.DiversitySelector;
import fm.seda.engine.ranking.RankingWeights;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seda.ranking.*}: the re-ranker's weights, the experiment variants that override them, the
 * diversity rules, the module sizes and how long a ranked feed is served.
 *
 * @param weights the control weights (architecture §6 defaults)
 * @param variants experiment variants: a name, the share of users (0..1) and its weights. Users are
 *     assigned by a hash of their id, so a user stays in one variant; shares must sum to ≤ 1, the
 *     rest get the control weights ("control")
 * @param lambda MMR's relevance/variety trade-off (1 = relevance only)
 * @param minNovelShare the least share of items new to the user, per module
 * @param maxClusterRun the most consecutive items of one genre
 * @param nearDuplicate the cosine at which two items count as the same
 * @param moduleSizes items per module, by entity type (they sum to the cached top-N, 50 by default)
 * @param candidatesPerSource how many candidates each source proposes per entity type: 30, since
 *     the offline evaluation (docs/EVALUATION.md) found the hybrid as good with 30 as with 60 at
 *     list lengths up to 20 (modules are at most 15), and the nightly batch's cost grows with it
 * @param realTimeTtl how long a feed ranked on request is served
 * @param batchTtl how long a feed ranked by the nightly batch is served (past the next night's run)
 * @param cacheTtl how long a node keeps a feed in memory before reading the stored one again
 * @param cacheSize feeds kept in memory per node (a 50-item feed is some tens of kB)
 * @param rowRetention how long {@code recommendations} rows are kept after they expire, so late
 *     impressions, clicks and "why" still find them; the daily purge deletes older ones
 * @param batchThreads users ranked at once by one region's nightly batch (0: two per core). Two,
 *     since a region's ranking threads wait while its pages are read and written: the larger
 *     region, ranking alone once the other is done, ranked 142 feeds/s with one per core and 167
 *     with two on {@code large}, and the whole batch took 642–675 s instead of 688
 *     (docs/BENCHMARKS.md)
 */
@ConfigurationProperties("seda.ranking")
record RankingProperties(
    @DefaultValue Weights weights,
    @DefaultValue Map<String, Variant> variants,
    @DefaultValue("0.7") double lambda,
    @DefaultValue("0.3") double minNovelShare,
    @DefaultValue("2") int maxClusterRun,
    @DefaultValue("0.97") double nearDuplicate,
    @DefaultValue ModuleSizes moduleSizes,
    @DefaultValue("30") int candidatesPerSource,
    @DefaultValue("PT1H") Duration realTimeTtl,
    @DefaultValue("PT26H") Duration batchTtl,
    @DefaultValue("PT5M") Duration cacheTtl,
    @DefaultValue("20000") int cacheSize,
    @DefaultValue("P7D") Duration rowRetention,
    @DefaultValue("0") int batchThreads) {

  static final String CONTROL = "control";

  /** The four weights as configured ({@code seda.ranking.weights.content} …). */
  record Weights(
      @DefaultValue("0.5") double content,
      @DefaultValue("0.25") double collaborative,
      @DefaultValue("0.15") double social,
      @DefaultValue("0.1") double popularity) {

    RankingWeights toEngine(String where) {
      try {
        return new RankingWeights(content, collaborative, social, popularity);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
  }

  /** Items per module ({@code seda.ranking.module-sizes.room} …), each 0..100. */
  record ModuleSizes(
      @DefaultValue("15") int room,
      @DefaultValue("15") int playlist,
      @DefaultValue("12") int artist,
      @DefaultValue("8") int person) {

    ModuleSizes {
      for (int size : new int[] {room, playlist, artist, person}) {
        if (size < 0 || size > 100) {
          throw new IllegalArgumentException(
              "seda.ranking.module-sizes: each must be 0..100, got " + size);
        }
      }
    }

    int of(String entityType) {
      return switch (entityType) {
        case "room" -> room;
        case "playlist" -> playlist;
        case "artist" -> artist;
        case "person" -> person;
        default -> 0;
      };
    }

    int total() {
      return room + playlist + artist + person;
    }
  }

  /** An experiment variant: the share of users it gets, and its weights. */
  record Variant(double share, Weights weights) {}

  RankingProperties {
    variants = new LinkedHashMap<>(variants);
    weights.toEngine("seda.ranking.weights");
    double shares = 0;
    for (var v : variants.entrySet()) {
      if (v.getKey().equals(CONTROL)) {
        throw new IllegalArgumentException(
            "seda.ranking.variants: 'control' is the name of the default weights; pick another");
      }
      if (!(v.getValue().share() > 0 && v.getValue().share() <= 1)) {
        throw new IllegalArgumentException(
            "seda.ranking.variants." + v.getKey() + ".share must be within (0, 1]");
      }
      v.getValue().weights().toEngine("seda.ranking.variants." + v.getKey() + ".weights");
      shares += v.getValue().share();
    }
    if (shares > 1 + 1e-9) {
      throw new IllegalArgumentException(
          "seda.ranking.variants: shares sum to " + shares + ", more than 1");
    }
    new DiversitySelector.Options(lambda, minNovelShare, maxClusterRun, nearDuplicate);
    if (candidatesPerSource < 1 || candidatesPerSource > 500) {
      throw new IllegalArgumentException("seda.ranking.candidates-per-source must be 1..500");
    }
    if (batchThreads < 0 || batchThreads > 64) {
      throw new IllegalArgumentException(
          "seda.ranking.batch-threads must be 0..64 (0: two per core), got " + batchThreads);
    }
    for (Duration d : new Duration[] {realTimeTtl, batchTtl, cacheTtl, rowRetention}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("seda.ranking TTLs must be positive, got " + d);
      }
    }
  }

  DiversitySelector.Options diversity() {
    return new DiversitySelector.Options(lambda, minNovelShare, maxClusterRun, nearDuplicate);
  }

  /** The variant name and weights of a user: stable per user, by a hash of the id. */
  Map.Entry<String, RankingWeights> assign(UUID userId) {
    double bucket = Math.floorMod(userId.hashCode() * 0x9E3779B9, 10_000) / 10_000.0;
    double upTo = 0;
    for (var v : variants.entrySet()) {
      upTo += v.getValue().share();
      if (bucket < upTo) {
        return Map.entry(v.getKey(), v.getValue().weights().toEngine(v.getKey()));
      }
    }
    return Map.entry(CONTROL, weights.toEngine(CONTROL));
  }

  int batchThreadCount() {
    return batchThreads > 0 ? batchThreads : 2 * Runtime.getRuntime().availableProcessors();
  }

  int topN() {
    return moduleSizes.total();
  }
}
