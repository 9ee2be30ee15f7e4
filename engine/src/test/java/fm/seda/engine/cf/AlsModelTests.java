package fm.seda.engine.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlsModelTests {

  static final long SEED = 20_261_123L;
  static Interactions communities;
  static AlsModel model;

  @BeforeAll
  static void train() {
    communities = CfFixtures.twoCommunities();
    model = ImplicitAls.train(communities, CfFixtures.tinyParams(), TrainingProgress.NONE);
  }

  @Test
  void recommendRanksTheUnseenItemOfTheUsersCommunityAboveTheOtherCommunity() {
    for (int user : new int[] {0, 3, 6, 9}) {
      int[] seen = communities.itemsOf(user);

      List<ScoredItem> top = model.recommend(user, 10, i -> Arrays.binarySearch(seen, i) >= 0);

      assertThat(top).hasSize(6).extracting(ScoredItem::item).first().isEqualTo(user);
      assertThat(top.getFirst().score()).isGreaterThan(top.get(1).score());
      assertThat(top)
          .extracting(ScoredItem::item)
          .doesNotContain(Arrays.stream(seen).boxed().toArray(Integer[]::new));
    }
  }

  @Test
  void recommendWithinARangeScoresOnlyThatRangeAndAgreesWithTheFullRanking() {
    float[] user = model.userFactors(0);
    List<ScoredItem> all = model.recommend(user, model.items(), i -> false);
    List<ScoredItem> ranged = model.recommend(user, 2, 7, 10, i -> false);

    assertThat(ranged).extracting(ScoredItem::item).allMatch(i -> i >= 2 && i < 7).hasSize(5);
    assertThat(ranged)
        .containsExactlyElementsOf(
            all.stream().filter(s -> s.item() >= 2 && s.item() < 7).toList());
    assertThatThrownBy(() -> model.recommend(user, 5, model.items() + 1, 3, i -> false))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void withoutUsersKeepsItemsFoldInAndSimilarityAndDropsEveryUserVector() throws IOException {
    AlsModel itemsOnly = model.withoutUsers();
    int[] items = {0, 1};
    float[] strengths = {2f, 3f};

    assertThat(itemsOnly.users()).isZero();
    assertThat(itemsOnly.foldIn(items, strengths)).containsExactly(model.foldIn(items, strengths));
    assertThat(itemsOnly.similarItems(0, 3)).isEqualTo(model.similarItems(0, 3));
    var bytes = new ByteArrayOutputStream();
    itemsOnly.writeTo(bytes);
    assertThat(AlsModel.readFrom(new ByteArrayInputStream(bytes.toByteArray())).users()).isZero();
  }

  @Test
  void similarItemsListsTheItemsCommunityFirstAndNeverTheItemItself() {
    List<ScoredItem> similar = model.similarItems(0, 9);

    assertThat(similar).hasSize(9).extracting(ScoredItem::item).doesNotContain(0);
    assertThat(similar.subList(0, 4))
        .extracting(ScoredItem::item)
        .containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(similar.get(3).score()).isGreaterThan(similar.get(4).score());
    assertThat(similar).allSatisfy(s -> assertThat(s.score()).isBetween(-1.0001, 1.0001));
  }

  @Test
  void foldInOfANewUserWithCommunityItemsRecommendsThatCommunity() {
    float[] newcomer = model.foldIn(new int[] {7, 5}, new float[] {2f, 1f});

    List<ScoredItem> top = model.recommend(newcomer, 3, i -> i == 5 || i == 7);

    assertThat(top).extracting(ScoredItem::item).containsExactlyInAnyOrder(6, 8, 9);
  }

  @Test
  void foldInAgreesWithTheReferenceSolveAgainstTheItemFactors() {
    System.out.println("AlsModelTests seed " + SEED);
    var random = new SplittableRandom(SEED);
    Interactions data = CfFixtures.random(60, 80, 0.1, random);
    AlsParams params = AlsParams.defaults().withFactors(8).withIterations(3).withThreads(1);
    AlsModel trained = ImplicitAls.train(data, params, TrainingProgress.NONE);
    float[] y = new float[data.items() * params.factors()];
    for (int i = 0; i < data.items(); i++) {
      System.arraycopy(trained.itemFactors(i), 0, y, i * params.factors(), params.factors());
    }

    for (int u = 0; u < 10; u++) {
      float[] folded = trained.foldIn(data.itemsOf(u), data.strengthsOf(u));

      double[] exact = CfFixtures.exactUserSolve(data, u, y, params);
      // double-precision Cholesky against double-precision elimination: only the float rounding
      // of the result and of the Gram matrix YᵀY separates them
      assertThat(CfFixtures.relativeError(folded, 0, exact)).as("user %d", u).isLessThan(1e-4);
    }
  }

  @Test
  void foldInAddsRepeatedItemsUpAndGivesZeroForNoItems() {
    float[] twice = model.foldIn(new int[] {1, 2, 1}, new float[] {1f, 1f, 2f});
    float[] once = model.foldIn(new int[] {2, 1}, new float[] {1f, 3f});

    assertThat(twice).isEqualTo(once);
    assertThat(model.foldIn(new int[0], new float[0])).containsOnly(0f);
    assertThatThrownBy(() -> model.foldIn(new int[] {1}, new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in length");
    assertThatThrownBy(() -> model.foldIn(new int[] {10}, new float[] {1f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 10 is out of range");
    assertThatThrownBy(() -> model.foldIn(new int[] {1}, new float[] {Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strength of item 1 must be finite and > 0, got NaN");
  }

  @Test
  void scoringAFoldedInVectorGivesTheScoreRecommendRanksBy() {
    float[] user = model.userFactors(1);

    for (ScoredItem scored : model.recommend(user, 5, i -> false)) {
      assertThat(model.score(user, scored.item())).isEqualTo(scored.score());
    }
    assertThatThrownBy(() -> model.score(new float[model.factors() + 1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.score(user, model.items()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void recommendAgreesWithAFullSortOfAllScores() {
    var random = new SplittableRandom(SEED);
    Interactions data = CfFixtures.random(50, 300, 0.05, random);
    AlsModel trained =
        ImplicitAls.train(
            data, AlsParams.defaults().withFactors(8).withIterations(2), TrainingProgress.NONE);

    for (int u = 0; u < 5; u++) {
      int user = u;
      List<ScoredItem> reference =
          IntStream.range(0, data.items())
              .filter(i -> i % 3 != 0)
              .mapToObj(i -> new ScoredItem(i, trained.score(user, i)))
              .sorted(
                  Comparator.comparingDouble(ScoredItem::score)
                      .reversed()
                      .thenComparingInt(ScoredItem::item))
              .limit(20)
              .toList();

      assertThat(trained.recommend(user, 20, i -> i % 3 == 0)).isEqualTo(reference);
    }
  }

  @Test
  void recommendEachGivesEveryUserWhatRecommendGivesThemAcrossItemBlocks() {
    var random = new SplittableRandom(SEED + 7);
    int items = 3 * AlsModel.ITEM_BLOCK + 123; // several blocks and a partial one
    int factors = 16;
    float[] itemFactors = new float[items * factors];
    for (int i = 0; i < itemFactors.length; i++) {
      // coarse values, so that some scores tie and the lower index must win in both paths
      itemFactors[i] = random.nextInt(-3, 4) / 4f;
    }
    var wide =
        new AlsModel(
            AlsParams.defaults().withFactors(factors), 0, items, new float[0], itemFactors);
    float[][] users = new float[37][]; // more than one group of lanes, and a partial one
    var exclude = new java.util.function.IntPredicate[users.length];
    for (int u = 0; u < users.length; u++) {
      int modulus = 2 + u % 11;
      exclude[u] = i -> i % modulus == 0;
      if (u == 5) {
        continue; // no vector: nothing for this user
      }
      users[u] = new float[factors];
      for (int f = 0; f < factors; f++) {
        users[u][f] = random.nextInt(-2, 3) / 2f;
      }
    }

    for (int[] range : new int[][] {{0, items}, {100, 2_500}, {AlsModel.ITEM_BLOCK, items}}) {
      List<List<ScoredItem>> each = wide.recommendEach(users, range[0], range[1], 30, exclude);

      assertThat(each).hasSize(users.length);
      for (int u = 0; u < users.length; u++) {
        assertThat(each.get(u))
            .as("user %d, items %d..%d", u, range[0], range[1])
            .isEqualTo(
                users[u] == null
                    ? List.of()
                    : wide.recommend(users[u], range[0], range[1], 30, exclude[u]));
      }
    }
    assertThatThrownBy(
            () -> wide.recommendEach(users, 0, items, 5, new java.util.function.IntPredicate[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recommendReturnsFewerWhenFewerItemsRemainAndNothingForZero() {
    assertThat(model.recommend(0, 50, i -> false)).hasSize(10);
    assertThat(model.recommend(0, 50, i -> i < 8))
        .extracting(ScoredItem::item)
        .containsExactlyInAnyOrder(8, 9);
    assertThat(model.recommend(0, 0, i -> false)).isEmpty();
    assertThatThrownBy(() -> model.recommend(0, -1, i -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be >= 0, got -1");
    assertThatThrownBy(() -> model.recommend(new float[3], 1, i -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a user vector of this model has 2 factors, got 3");
    assertThatThrownBy(() -> model.recommend(10, 1, i -> false))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void factorAccessorsReturnCopies() {
    model.userFactors(0)[0] = 1e6f;
    model.itemFactors(0)[0] = 1e6f;

    assertThat(model.userFactors(0)[0]).isNotEqualTo(1e6f);
    assertThat(model.itemFactors(0)[0]).isNotEqualTo(1e6f);
  }

  @Test
  void writeToAndReadFromRoundTripExactly() throws IOException {
    var bytes = new ByteArrayOutputStream();
    model.writeTo(bytes);
    bytes.write(new byte[] {1, 2, 3}); // whatever follows the model is not read

    var in = new ByteArrayInputStream(bytes.toByteArray());
    AlsModel restored = AlsModel.readFrom(in);

    assertThat(in.available()).isEqualTo(3);
    assertThat(restored.params()).isEqualTo(model.params());
    assertThat(restored.users()).isEqualTo(model.users());
    assertThat(restored.items()).isEqualTo(model.items());
    for (int u = 0; u < model.users(); u++) {
      assertThat(restored.userFactors(u)).isEqualTo(model.userFactors(u));
    }
    for (int i = 0; i < model.items(); i++) {
      assertThat(restored.itemFactors(i)).isEqualTo(model.itemFactors(i));
    }
    assertThat(restored.recommend(2, 5, i -> false)).isEqualTo(model.recommend(2, 5, i -> false));
    assertThat(restored.foldIn(new int[] {1}, new float[] {1f}))
        .isEqualTo(model.foldIn(new int[] {1}, new float[] {1f}));
    // header (56 bytes) + 4 bytes per factor
    assertThat(bytes.size() - 3).isEqualTo(56 + 4 * 2 * (10 + 10));
  }

  @Test
  void readFromRefusesWhatIsNotAModel() throws IOException {
    var bytes = new ByteArrayOutputStream();
    model.writeTo(bytes);
    byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 1);

    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(truncated)))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> AlsModel.readFrom(new ByteArrayInputStream(new byte[64])))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("not a seda ALS model");
  }
}
