package fm.seda.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTests {

  static Dataset dataset(boolean timed) {
    var items = new ArrayList<Dataset.Item>();
    for (int i = 0; i < 10; i++) {
      items.add(new Dataset.Item("i" + i, "item " + i, List.of()));
    }
    var interactions = new ArrayList<Dataset.Interaction>();
    for (int i = 0; i < 10; i++) {
      // user 0 met item i at time 100 - i: item 0 is the most recent
      interactions.add(
          new Dataset.Interaction(0, i, 1, timed ? 100 - i : Dataset.Interaction.NO_TIME));
    }
    interactions.add(new Dataset.Interaction(1, 3, 1, timed ? 5 : Dataset.Interaction.NO_TIME));
    return new Dataset("t", List.of("a", "b"), items, interactions, List.of());
  }

  @Test
  void aTemporalSplitHoldsOutEachUsersMostRecentItems() {
    Split split = Split.of(Ratings.of(dataset(true)), 0.2, 1, true);

    assertThat(split.test()[0]).containsExactly(0, 1);
    assertThat(split.train().items(0)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(split.test()[1]).as("one item: trained on, never tested").isEmpty();
    assertThat(split.testUsers()).containsExactly(0);
  }

  @Test
  void aRandomSplitIsTheSameForTheSameSeedAndDiffersForAnother() {
    Ratings all = Ratings.of(dataset(false));
    Split a = Split.of(all, 0.3, 7, false);
    Split b = Split.of(all, 0.3, 7, false);
    assertThat(a.test()[0]).hasSize(3).containsExactly(b.test()[0]);
    boolean differs = false;
    for (long seed = 8; seed < 20 && !differs; seed++) {
      differs = !java.util.Arrays.equals(a.test()[0], Split.of(all, 0.3, seed, false).test()[0]);
    }
    assertThat(differs).isTrue();
    assertThat(a.train().items(0)).hasSize(7).doesNotContain(a.test()[0]);
  }
}
