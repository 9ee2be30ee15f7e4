package fm.seda.engine.ranking;

import java.util.EnumMap;

/**
 * The re-ranker's relevance model: a weighted sum of the four signals, scaled by two soft
 * modifiers.
 *
 * <p>Design note. The architecture (§6) starts with a weighted linear model and plans a learned
 * ranker later; a linear model keeps every score explainable as a sum of named parts, which is what
 * "why" shows. Recency and provider affinity are modifiers rather than weighted signals so that an
 * item cannot rank on being fresh alone: {@code modifier = (1 − r + r·recency) × (1 − p +
 * p·providerAffinity)} with r = 0.15 and p = 0.1, so a stale item on the wrong provider keeps 76.5
 * % of its score. Both constants are small on purpose: they order near-ties, they do not override
 * taste.
 */
public final class LinearScorer {

  static final double RECENCY_SHARE = 0.15;
  static final double PROVIDER_SHARE = 0.1;

  private final RankingWeights weights;

  public LinearScorer(RankingWeights weights) {
    this.weights = weights;
  }

  public RankingWeights weights() {
    return weights;
  }

  public LinearScore score(RankingSignals signals) {
    var contributions = new EnumMap<Signal, Double>(Signal.class);
    double base = 0;
    for (Signal s : Signal.values()) {
      double c = weights.of(s) * signals.of(s);
      contributions.put(s, c);
      base += c;
    }
    double modifier =
        (1 - RECENCY_SHARE + RECENCY_SHARE * signals.recency())
            * (1 - PROVIDER_SHARE + PROVIDER_SHARE * signals.providerAffinity());
    return new LinearScore(base * modifier, base, contributions, modifier);
  }
}
