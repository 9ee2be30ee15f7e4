package fm.seda.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every metric on one small list, against values worked out by hand. */
class MetricsTests {

  // relevant items 1, 5 and 9; the list finds 1 at rank 2 and 5 at rank 4
  static final int[] LIST = {3, 1, 7, 5};
  static final int[] RELEVANT = {1, 5, 9};

  @Test
  void recallAndHitRateCountTheRelevantItemsFound() {
    assertThat(Metrics.recall(LIST, RELEVANT, 4)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Metrics.recall(LIST, RELEVANT, 2)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(Metrics.recall(LIST, RELEVANT, 1)).isZero();
    assertThat(Metrics.hitRate(LIST, RELEVANT, 1)).isZero();
    assertThat(Metrics.hitRate(LIST, RELEVANT, 2)).isOne();
  }

  @Test
  void ndcgDiscountsByTheLogOfTheRankAgainstTheIdealList() {
    // DCG = 1/log2(3) + 1/log2(5) = 1.061606; ideal (3 relevant) = 1 + 1/log2(3) + 1/log2(4)
    double dcg = 1 / log2(3) + 1 / log2(5);
    double ideal = 1 + 1 / log2(3) + 0.5;
    assertThat(Metrics.ndcg(LIST, RELEVANT, 4)).isCloseTo(dcg / ideal, within(1e-12));
    assertThat(Metrics.ndcg(LIST, RELEVANT, 4)).isCloseTo(0.498190, within(1e-6));
    // at 2: DCG 1/log2(3), ideal 1 + 1/log2(3)
    assertThat(Metrics.ndcg(LIST, RELEVANT, 2)).isCloseTo(0.386853, within(1e-6));
    assertThat(Metrics.ndcg(new int[] {1, 5, 9}, RELEVANT, 3)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void averagePrecisionAveragesThePrecisionAtEachHit() {
    // hits at ranks 2 and 4: (1/2 + 2/4) / min(3, 4)
    assertThat(Metrics.averagePrecision(LIST, RELEVANT, 4)).isCloseTo(1.0 / 3, within(1e-12));
    // at 2: (1/2) / min(3, 2)
    assertThat(Metrics.averagePrecision(LIST, RELEVANT, 2)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void noveltyIsTheMeanSelfInformationOfTheItemsPopularity() {
    int[] counts = new int[10];
    counts[3] = 4; // 4 of 8 users: 1 bit
    counts[1] = 2; // 2 bits
    counts[7] = 0; // nobody: counted as one user, 3 bits
    counts[5] = 8; // everybody: 0 bits
    assertThat(Metrics.novelty(LIST, 4, counts, 8)).isCloseTo(1.5, within(1e-12));
    assertThat(Metrics.novelty(LIST, 2, counts, 8)).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void intraListDiversityIsTheMeanDistanceOfThePairs() {
    Metrics.ItemSimilarity similarity = (a, b) -> a == 3 || b == 3 ? 0.5 : 0;
    // pairs (3,1) 0.5, (3,7) 0.5, (1,7) 1 apart
    assertThat(Metrics.intraListDiversity(LIST, 3, similarity)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Metrics.intraListDiversity(LIST, 1, similarity)).isZero();
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
