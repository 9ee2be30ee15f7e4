package fm.seda.engine.cf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImplicitAlsTests {

  /** Fixed and printed, so a failure can be replayed. */
  static final long SEED = 20_261_123L;

  @Test
  void conjugateGradientWithEnoughStepsMatchesAnExactSolve() {
    System.out.println("ImplicitAlsTests seed " + SEED);
    var random = new SplittableRandom(SEED);
    Interactions data = CfFixtures.random(40, 60, 0.15, random);
    // CG solves an f × f SPD system in f steps in exact arithmetic. In float, rounding costs the
    // search directions their conjugacy and delays convergence: after f = 8 steps the worst of
    // these 40 rows was still 1e-3 off (mean 1.5e-4), after 12 steps every row was at float
    // precision (max 1.3e-6, unchanged at 16 and 32 steps). So 2f steps and a 1e-5 bound: tight
    // enough that any error in the residual or the A·p product fails it.
    AlsParams params =
        AlsParams.defaults().withFactors(8).withCgSteps(16).withThreads(1).withAlpha(10);
    int f = params.factors();
    float[] y = CfFixtures.gaussian(data.items() * f, 0.3, random);
    float[] x = CfFixtures.gaussian(data.users() * f, 0.3, random); // a warm start, as in training

    try (var workers = new RowWorkers(1)) {
      ImplicitAls.solveRows(
          x, y, ImplicitAls.gram(y, data.items(), f, workers), data.byUser(), params, workers);
    }

    for (int u = 0; u < data.users(); u++) {
      double[] exact = CfFixtures.exactUserSolve(data, u, y, params);
      assertThat(CfFixtures.relativeError(x, u * f, exact)).as("user %d", u).isLessThan(1e-5);
    }
  }

  @Test
  void fewConjugateGradientStepsStillApproachTheExactSolve() {
    var random = new SplittableRandom(SEED);
    Interactions data = CfFixtures.random(40, 60, 0.15, random);
    AlsParams params = AlsParams.defaults().withFactors(8).withCgSteps(3).withThreads(1);
    int f = params.factors();
    float[] y = CfFixtures.gaussian(data.items() * f, 0.3, random);
    float[] x = new float[data.users() * f];
    double before = 0;
    double after = 0;
    List<double[]> exact = new ArrayList<>();
    for (int u = 0; u < data.users(); u++) {
      exact.add(CfFixtures.exactUserSolve(data, u, y, params));
      before += CfFixtures.relativeError(x, u * f, exact.get(u));
    }

    try (var workers = new RowWorkers(1)) {
      ImplicitAls.solveRows(
          x, y, ImplicitAls.gram(y, data.items(), f, workers), data.byUser(), params, workers);
    }

    for (int u = 0; u < data.users(); u++) {
      after += CfFixtures.relativeError(x, u * f, exact.get(u));
    }
    assertThat(after).isLessThan(before / 2);
  }

  @Test
  void trainingLossNeverRisesAndEndsWellBelowWhereItStarted() {
    var random = new SplittableRandom(SEED);
    Interactions data = CfFixtures.random(200, 150, 0.05, random);
    List<Double> losses = new ArrayList<>();

    ImplicitAls.train(
        data,
        AlsParams.defaults().withFactors(16).withIterations(10).withThreads(2),
        (iteration, of, seconds, loss) -> losses.add(loss));

    assertThat(losses).hasSize(10).allSatisfy(l -> assertThat(l).isFinite().isPositive());
    for (int k = 1; k < losses.size(); k++) {
      // each CG step lowers its row's quadratic objective, so a sweep cannot raise the loss;
      // the slack covers float rounding once the loss has flattened out
      assertThat(losses.get(k))
          .as("loss after iteration %d", k + 1)
          .isLessThan(losses.get(k - 1) * (1 + 1e-4));
    }
    assertThat(losses.getLast()).isLessThan(losses.getFirst());
  }

  @Test
  void progressIsReportedOncePerIterationAndWithoutLossWhenIgnored() {
    Interactions data = CfFixtures.twoCommunities();
    List<String> calls = new ArrayList<>();

    ImplicitAls.train(
        data,
        CfFixtures.tinyParams().withIterations(3),
        (iteration, of, seconds, loss) -> calls.add(iteration + "/" + of));

    assertThat(calls).containsExactly("1/3", "2/3", "3/3");
  }

  @Test
  void sameSeedGivesIdenticalFactorsWhateverTheNumberOfThreads() {
    var random = new SplittableRandom(SEED);
    // more rows than one chunk (256), so two threads really share the work
    Interactions data = CfFixtures.random(700, 300, 0.03, random);
    AlsParams params = AlsParams.defaults().withFactors(8).withIterations(3);

    AlsModel first = ImplicitAls.train(data, params.withThreads(1), TrainingProgress.NONE);
    AlsModel again = ImplicitAls.train(data, params.withThreads(1), TrainingProgress.NONE);
    AlsModel parallel = ImplicitAls.train(data, params.withThreads(2), TrainingProgress.NONE);
    AlsModel otherSeed =
        ImplicitAls.train(data, params.withThreads(1).withSeed(7), TrainingProgress.NONE);

    for (int u = 0; u < data.users(); u++) {
      assertThat(again.userFactors(u)).isEqualTo(first.userFactors(u));
      assertThat(parallel.userFactors(u)).isEqualTo(first.userFactors(u));
    }
    for (int i = 0; i < data.items(); i++) {
      assertThat(again.itemFactors(i)).isEqualTo(first.itemFactors(i));
      assertThat(parallel.itemFactors(i)).isEqualTo(first.itemFactors(i));
    }
    assertThat(otherSeed.userFactors(0)).isNotEqualTo(first.userFactors(0));
  }

  @Test
  void userAndItemWithoutInteractionsGetZeroVectors() {
    var builder = Interactions.builder(3, 4);
    builder.add(0, 0, 1f).add(0, 1, 2f).add(2, 1, 1f).add(2, 2, 1f);

    AlsModel model =
        ImplicitAls.train(builder.build(), CfFixtures.tinyParams(), TrainingProgress.NONE);

    assertThat(model.userFactors(1)).containsOnly(0f);
    assertThat(model.itemFactors(3)).containsOnly(0f);
    assertThat(model.recommend(1, 2, i -> false)).extracting(ScoredItem::score).containsOnly(0.0);
    assertThat(model.similarItems(3, 2)).isEmpty();
  }

  @Test
  void emptyMatrixTrainsToAnEmptyModel() {
    AlsModel model =
        ImplicitAls.train(
            Interactions.builder(0, 0).build(), CfFixtures.tinyParams(), TrainingProgress.NONE);

    assertThat(model.users()).isZero();
    assertThat(model.items()).isZero();
    assertThat(model.recommend(new float[2], 5, i -> false)).isEmpty();
  }
}
