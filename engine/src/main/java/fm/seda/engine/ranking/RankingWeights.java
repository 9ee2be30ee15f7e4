package fm.seda.engine.ranking;

import java.util.EnumMap;
import java.util.Map;

/**
 * How much each signal counts in the linear score. The weights need not sum to 1 (scores are only
 * compared within one user's feed), but they must be finite, non-negative, and not all zero.
 */
public record RankingWeights(
    double content, double collaborative, double social, double popularity) {

  /**
   * The architecture's starting point (§6): content 0.5, collaborative 0.25, social 0.15,
   * popularity 0.1.
   */
  public static final RankingWeights DEFAULT = new RankingWeights(0.5, 0.25, 0.15, 0.1);

  public RankingWeights {
    check("content", content);
    check("collaborative", collaborative);
    check("social", social);
    check("popularity", popularity);
    if (content + collaborative + social + popularity == 0) {
      throw new IllegalArgumentException("at least one ranking weight must be above 0");
    }
  }

  public double of(Signal signal) {
    return switch (signal) {
      case CONTENT -> content;
      case COLLABORATIVE -> collaborative;
      case SOCIAL -> social;
      case POPULARITY -> popularity;
    };
  }

  public Map<Signal, Double> asMap() {
    var map = new EnumMap<Signal, Double>(Signal.class);
    for (Signal s : Signal.values()) {
      map.put(s, of(s));
    }
    return map;
  }

  private static void check(String name, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "ranking weight '" + name + "' must be finite and >= 0, got " + weight);
    }
  }
}
