package fm.seda.engine.ranking;

/**
 * One candidate's signals, each already mapped to 0..1 by the caller, plus two modifiers.
 *
 * @param content taste closeness, 0..1
 * @param collaborative collaborative-filtering estimate, 0..1
 * @param social friend activity, 0..1 (saturating in the number of friends)
 * @param popularity popularity and trending, 0..1
 * @param recency freshness, 0..1 (1 for a live room); a modifier, not a weighted signal
 * @param providerAffinity 0..1, 1 when the item is on the user's provider; a modifier
 */
public record RankingSignals(
    double content,
    double collaborative,
    double social,
    double popularity,
    double recency,
    double providerAffinity) {

  public RankingSignals {
    unit("content", content);
    unit("collaborative", collaborative);
    unit("social", social);
    unit("popularity", popularity);
    unit("recency", recency);
    unit("providerAffinity", providerAffinity);
  }

  public double of(Signal signal) {
    return switch (signal) {
      case CONTENT -> content;
      case COLLABORATIVE -> collaborative;
      case SOCIAL -> social;
      case POPULARITY -> popularity;
    };
  }

  private static void unit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, got " + value);
    }
  }
}
