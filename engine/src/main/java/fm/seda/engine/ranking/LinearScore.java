package fm.seda.engine.ranking;

import java.util.Map;

/**
 * A candidate's score and how it came about: {@code total = base × modifier}, where {@code base} is
 * the sum of {@code contributions} (weight × signal).
 *
 * @param contributions each signal's weight × value, all four present
 * @param modifier the product of the recency and provider-affinity modifiers, 0.765..1
 */
public record LinearScore(
    double total, double base, Map<Signal, Double> contributions, double modifier) {

  public LinearScore {
    contributions = Map.copyOf(contributions);
  }

  /**
   * The signal that contributed most to the score; ties go to the signal listed first in {@link
   * Signal}. This is what an explanation names, so it is defined here once.
   */
  public Signal dominant() {
    Signal best = Signal.CONTENT;
    for (Signal s : Signal.values()) {
      if (contributions.get(s) > contributions.get(best)) {
        best = s;
      }
    }
    return best;
  }
}
