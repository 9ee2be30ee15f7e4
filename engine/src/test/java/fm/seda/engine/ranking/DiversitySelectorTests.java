package fm.seda.engine.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.engine.ranking.DiversitySelector.Choice;
import fm.seda.engine.ranking.DiversitySelector.Options;
import fm.seda.engine.ranking.DiversitySelector.Selected;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DiversitySelectorTests {

  @Test
  void withoutDiversityRulesItRanksByRelevanceLikeASort() {
    var selector = new DiversitySelector(new Options(1.0, 0, 1000, 1.0));
    var random = new Random(7);
    var choices = new ArrayList<Choice<Integer>>();
    for (int i = 0; i < 40; i++) {
      choices.add(new Choice<>(i, random.nextDouble(), "c" + i, false, null));
    }

    List<Integer> picked = items(selector.select(choices, 10));

    List<Integer> reference =
        choices.stream()
            .sorted(Comparator.comparingDouble((Choice<Integer> c) -> c.relevance()).reversed())
            .limit(10)
            .map(Choice::item)
            .toList();
    assertThat(picked).isEqualTo(reference);
  }

  @Test
  void atLeastThirtyPercentOfTheFeedIsNovelEvenWhenFamiliarItemsScoreHigher() {
    var choices = new ArrayList<Choice<String>>();
    for (int i = 0; i < 20; i++) {
      choices.add(new Choice<>("familiar" + i, 1.0 - i * 0.001, "g" + i, false, null));
    }
    for (int i = 0; i < 5; i++) {
      choices.add(new Choice<>("novel" + i, 0.1, "n" + i, true, null));
    }

    List<Selected<String>> feed = new DiversitySelector(Options.DEFAULT).select(choices, 10);

    assertThat(feed).hasSize(10);
    assertThat(feed.stream().filter(Selected::novel).count()).isGreaterThanOrEqualTo(3);
    // the familiar items still lead: the constraint fills the tail
    assertThat(feed.getFirst().item()).isEqualTo("familiar0");
  }

  @Test
  void feedIsShortenedRatherThanBreakTheNoveltyPromise() {
    var choices = new ArrayList<Choice<String>>();
    for (int i = 0; i < 20; i++) {
      choices.add(new Choice<>("familiar" + i, 1.0, "g" + i, false, null));
    }
    choices.add(new Choice<>("novel", 0.1, "n", true, null));
    choices.add(new Choice<>("novel2", 0.1, "n2", true, null));

    List<Selected<String>> feed = new DiversitySelector(Options.DEFAULT).select(choices, 10);

    // 2 novel items carry at most a feed of 6 (ceil(0.3 × 6) = 2, ceil(0.3 × 7) = 3)
    assertThat(feed).hasSize(6);
    assertThat(feed.stream().filter(Selected::novel).count()).isEqualTo(2);
  }

  @Test
  void noMoreThanTwoItemsOfOneClusterInARow() {
    var choices = new ArrayList<Choice<String>>();
    for (int i = 0; i < 6; i++) {
      choices.add(new Choice<>("house" + i, 1.0 - i * 0.01, "house", true, null));
    }
    for (int i = 0; i < 3; i++) {
      choices.add(new Choice<>("jazz" + i, 0.2 - i * 0.01, "jazz", true, null));
    }

    List<Selected<String>> feed =
        new DiversitySelector(new Options(1.0, 0.3, 2, 0.97)).select(choices, 9);

    assertThat(maxRun(feed, choices)).isLessThanOrEqualTo(2);
    assertThat(items(feed).subList(0, 3)).containsExactly("house0", "house1", "jazz0");
  }

  @Test
  void aOneGenreUserStillGetsAFullFeed() {
    var choices = new ArrayList<Choice<String>>();
    for (int i = 0; i < 8; i++) {
      choices.add(new Choice<>("house" + i, 1.0 - i * 0.01, "house", true, null));
    }

    assertThat(new DiversitySelector(Options.DEFAULT).select(choices, 8)).hasSize(8);
  }

  @Test
  void nearDuplicatesAreDroppedAndSimilarItemsArePushedDown() {
    float[] a = {1, 0, 0};
    float[] aCopy = {1, 0.01f, 0};
    float[] aNear = {0.8f, 0.6f, 0}; // cosine 0.8 with a
    float[] b = {0, 0, 1};
    var choices =
        List.of(
            new Choice<>("a", 1.0, "x", true, a),
            new Choice<>("aCopy", 0.99, "y", true, aCopy),
            new Choice<>("aNear", 0.9, "z", true, aNear),
            new Choice<>("b", 0.7, "w", true, b));

    List<Selected<String>> feed =
        new DiversitySelector(new Options(0.5, 0.3, 2, 0.97)).select(choices, 4);

    // aCopy is a near-duplicate of a; aNear (0.5·0.9 − 0.5·0.8 = 0.05) loses to b (0.35)
    assertThat(items(feed)).containsExactly("a", "b", "aNear");
    assertThat(feed.get(2).redundancy())
        .isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void guaranteesHoldOnRandomCandidateSets() {
    // seed printed so a failure can be replayed; 300 random sets of 0–120 candidates
    long seed = 20261204L;
    var random = new Random(seed);
    var selector = new DiversitySelector(Options.DEFAULT);
    for (int trial = 0; trial < 300; trial++) {
      int n = random.nextInt(121);
      var choices = new ArrayList<Choice<Integer>>();
      for (int i = 0; i < n; i++) {
        float[] v = random.nextBoolean() ? null : randomUnit(random, 8);
        choices.add(
            new Choice<>(
                i, random.nextDouble(), "g" + random.nextInt(4), random.nextDouble() < 0.25, v));
      }
      int size = random.nextInt(60);
      List<Selected<Integer>> feed = selector.select(choices, size);

      assertThat(feed.size()).as("seed %d trial %d", seed, trial).isLessThanOrEqualTo(size);
      long novel = feed.stream().filter(Selected::novel).count();
      assertThat(novel)
          .as("seed %d trial %d", seed, trial)
          .isGreaterThanOrEqualTo((long) Math.ceil(0.3 * feed.size() - 1e-9));
      assertThat(items(feed)).doesNotHaveDuplicates();
    }
  }

  private static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    double sum = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      sum += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(sum);
    }
    return v;
  }

  private static <T> List<T> items(List<Selected<T>> feed) {
    return feed.stream().map(Selected::item).toList();
  }

  private static int maxRun(List<Selected<String>> feed, List<Choice<String>> choices) {
    int max = 0;
    int run = 0;
    String last = null;
    for (Selected<String> s : feed) {
      String cluster =
          choices.stream()
              .filter(c -> c.item().equals(s.item()))
              .findFirst()
              .orElseThrow()
              .cluster();
      run = cluster.equals(last) ? run + 1 : 1;
      last = cluster;
      max = Math.max(max, run);
    }
    return max;
  }
}
