package fm.seda.engine.cf;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains an {@link AlsModel} from implicit feedback.
 *
 * <p>The model is that of Hu, Koren and Volinsky, "Collaborative Filtering for Implicit Feedback
 * Datasets" (ICDM 2008): every user × item cell has a preference p (1 if the user interacted with
 * the item, else 0) and a confidence c = 1 + α·r, where r is the interaction strength; training
 * minimises Σ c·(p − xᵤ·yᵢ)² + λ(Σ‖xᵤ‖² + Σ‖yᵢ‖²) over all cells, not only the observed ones, by
 * alternating least squares: fix the item factors Y and solve each user's ridge regression (YᵀCᵤY +
 * λI)xᵤ = YᵀCᵤp(u), then the same for items.
 *
 * <p>Design note. The paper's trick makes a row solve cost O(f²·nᵤ + f³) rather than O(f²·n): write
 * YᵀCᵤY = YᵀY + Yᵀ(Cᵤ − I)Y, compute YᵀY once per sweep, and add only the nᵤ observed items. The f³
 * Cholesky per row is still the bottleneck at f = 64 and hundreds of thousands of rows, so each row
 * is instead improved by a few conjugate-gradient steps started from its previous value, as in
 * Takács, Pilászy and Tikk, "Applications of the conjugate gradient method for implicit feedback
 * collaborative filtering" (RecSys 2011), and in the {@code implicit} Python library's {@code
 * least_squares_cg}, which this follows step for step. A CG step needs only the product (YᵀY + λI)p
 * + Σ (cᵢ − 1)(yᵢ·p)yᵢ, so a row costs O(steps·(f² + f·nᵤ)); the paper shows 2–4 steps reach the
 * ranking quality of exact ALS. Each step lowers the row's quadratic objective, so the training
 * loss does not rise from sweep to sweep.
 *
 * <p>Departures from {@code implicit}: a row with no interactions is set to zero, the exact
 * solution of its system, instead of being walked there by CG; and row chunks and the YᵀY partial
 * sums have fixed boundaries, so the result does not depend on the number of threads.
 */
public final class ImplicitAls {

  /** Rows per unit of work: small enough to balance power-law rows, large enough to amortise. */
  static final int CHUNK = 256;

  /** Rows per partial YᵀY: fixed, so the summation order (and the float result) never changes. */
  static final int GRAM_CHUNK = 4096;

  /** Initial factors are uniform in [0, INIT_SCALE), as in {@code implicit}. */
  static final float INIT_SCALE = 0.01f;

  /** CG stops on a row when the squared residual falls below this ({@code implicit}'s value). */
  static final double RESIDUAL_EPSILON = 1e-20;

  private ImplicitAls() {}

  /**
   * Trains with {@code params} on {@code interactions}. {@code progress} is called after each
   * iteration on the calling thread; when it is {@link TrainingProgress#NONE} the loss is not
   * computed. The same data, seed and settings give the same model whatever {@code threads} is.
   */
  public static AlsModel train(
      Interactions interactions, AlsParams params, TrainingProgress progress) {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(progress, "progress");
    int f = params.factors();
    int users = interactions.users();
    int items = interactions.items();
    if ((long) Math.max(users, items) * f > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "users × factors and items × factors must fit in one array; got "
              + users
              + " users, "
              + items
              + " items, "
              + f
              + " factors");
    }
    long started = System.nanoTime();
    var random = new SplittableRandom(params.seed());
    float[] userFactors = randomFactors(users * f, random);
    float[] itemFactors = randomFactors(items * f, random);
    boolean wantLoss = progress != TrainingProgress.NONE;
    float[] itemGram;
    try (var workers = new RowWorkers(params.threads())) {
      itemGram = gram(itemFactors, items, f, workers);
      for (int iteration = 1; iteration <= params.iterations(); iteration++) {
        solveRows(userFactors, itemFactors, itemGram, interactions.byUser(), params, workers);
        float[] userGram = gram(userFactors, users, f, workers);
        solveRows(itemFactors, userFactors, userGram, interactions.byItem(), params, workers);
        itemGram = gram(itemFactors, items, f, workers);
        double loss =
            wantLoss
                ? loss(interactions, userFactors, itemFactors, userGram, itemGram, params, workers)
                : Double.NaN;
        progress.iterationDone(
            iteration, params.iterations(), (System.nanoTime() - started) / 1e9, loss);
      }
    }
    return new AlsModel(params, users, items, userFactors, itemFactors, itemGram);
  }

  private static float[] randomFactors(int n, SplittableRandom random) {
    float[] factors = new float[n];
    for (int i = 0; i < n; i++) {
      factors[i] = (float) random.nextDouble() * INIT_SCALE;
    }
    return factors;
  }

  /** YᵀY of the {@code rows × f} matrix {@code y}, full (both triangles), row-major. */
  static float[] gram(float[] y, int rows, int f, RowWorkers workers) {
    int chunks = RowWorkers.chunkCount(rows, GRAM_CHUNK);
    float[][] partials = new float[chunks][];
    workers.forEachChunk(
        rows,
        GRAM_CHUNK,
        (chunk, from, to, worker) -> {
          float[] partial = new float[f * f];
          FloatVectors.addGram(y, from, to, f, partial);
          partials[chunk] = partial;
        });
    double[] sum = new double[f * f];
    for (float[] partial : partials) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += partial[k];
      }
    }
    float[] gram = new float[f * f];
    for (int a = 0; a < f; a++) {
      for (int b = a; b < f; b++) {
        gram[a * f + b] = (float) sum[a * f + b];
        gram[b * f + a] = (float) sum[a * f + b];
      }
    }
    return gram;
  }

  /**
   * One half-sweep: improves every row of {@code x} against the fixed factors {@code y}, whose Gram
   * matrix YᵀY is {@code yGram}, by {@code params.cgSteps()} conjugate-gradient steps on (YᵀCY +
   * λI)x = YᵀCp, each row's confidences taken from {@code rows}.
   */
  static void solveRows(
      float[] x, float[] y, float[] yGram, SparseRows rows, AlsParams params, RowWorkers workers) {
    int f = params.factors();
    float[] a = yGram.clone(); // YᵀY + λI
    for (int k = 0; k < f; k++) {
      a[k * f + k] += (float) params.regularization();
    }
    float alpha = (float) params.alpha();
    int steps = params.cgSteps();
    float[][] scratch = new float[workers.threads()][4 * f];
    workers.forEachChunk(
        rows.rows(),
        CHUNK,
        (chunk, from, to, worker) -> {
          for (int row = from; row < to; row++) {
            solveRow(row, x, y, a, rows, alpha, steps, f, scratch[worker]);
          }
        });
  }

  private static void solveRow(
      int row,
      float[] x,
      float[] y,
      float[] a,
      SparseRows rows,
      float alpha,
      int steps,
      int f,
      float[] scratch) {
    int at = row * f;
    int from = rows.from(row);
    int to = rows.to(row);
    if (from == to) {
      Arrays.fill(x, at, at + f, 0f);
      return;
    }
    int[] columns = rows.columns();
    float[] strengths = rows.values();
    // scratch holds the residual r, the search direction p, A·p and the row's current x
    final int r = 0;
    final int p = f;
    final int ap = 2 * f;
    final int xs = 3 * f;
    System.arraycopy(x, at, scratch, xs, f);
    // r = YᵀCp − (YᵀCY + λI)x = Σ cᵢyᵢ − (YᵀY + λI)x − Σ (cᵢ − 1)(yᵢ·x)yᵢ
    FloatVectors.multiplySymmetric(a, scratch, xs, scratch, r, f);
    for (int k = 0; k < f; k++) {
      scratch[r + k] = -scratch[r + k];
    }
    for (int k = from; k < to; k++) {
      int yi = columns[k] * f;
      float extra = alpha * strengths[k]; // c − 1
      float d = FloatVectors.dot(y, yi, scratch, xs, f);
      FloatVectors.axpy(1 + extra - extra * d, y, yi, scratch, r, f);
    }
    System.arraycopy(scratch, r, scratch, p, f);
    double rsOld = FloatVectors.dot(scratch, r, scratch, r, f);
    if (rsOld < RESIDUAL_EPSILON) {
      return;
    }
    for (int step = 0; step < steps; step++) {
      // A·p = (YᵀY + λI)p + Σ (cᵢ − 1)(yᵢ·p)yᵢ, without forming YᵀCY
      FloatVectors.multiplySymmetric(a, scratch, p, scratch, ap, f);
      for (int k = from; k < to; k++) {
        int yi = columns[k] * f;
        float extra = alpha * strengths[k];
        FloatVectors.axpy(extra * FloatVectors.dot(y, yi, scratch, p, f), y, yi, scratch, ap, f);
      }
      float stepSize = (float) (rsOld / FloatVectors.dot(scratch, p, scratch, ap, f));
      FloatVectors.axpy(stepSize, scratch, p, scratch, xs, f);
      FloatVectors.axpy(-stepSize, scratch, ap, scratch, r, f);
      double rsNew = FloatVectors.dot(scratch, r, scratch, r, f);
      if (rsNew < RESIDUAL_EPSILON) {
        break;
      }
      float beta = (float) (rsNew / rsOld);
      for (int k = 0; k < f; k++) {
        scratch[p + k] = scratch[r + k] + beta * scratch[p + k];
      }
      rsOld = rsNew;
    }
    System.arraycopy(scratch, xs, x, at, f);
  }

  /**
   * The objective Σ c·(p − x·y)² + λ(‖X‖² + ‖Y‖²) divided by the total confidence Σ c over all
   * cells, as {@code implicit}'s {@code calculate_loss} reports it. The sum over the unobserved
   * cells is xᵀ(YᵀY)x minus the observed cells' share, so this costs one pass over the nonzeros.
   */
  static double loss(
      Interactions interactions,
      float[] x,
      float[] y,
      float[] xGram,
      float[] yGram,
      AlsParams params,
      RowWorkers workers) {
    int f = params.factors();
    SparseRows rows = interactions.byUser();
    float alpha = (float) params.alpha();
    int chunks = RowWorkers.chunkCount(rows.rows(), CHUNK);
    double[] errorOf = new double[chunks];
    double[] confidenceOf = new double[chunks];
    float[][] scratch = new float[workers.threads()][f];
    workers.forEachChunk(
        rows.rows(),
        CHUNK,
        (chunk, from, to, worker) -> {
          float[] gx = scratch[worker];
          double error = 0;
          double confidence = 0;
          for (int u = from; u < to; u++) {
            int xu = u * f;
            FloatVectors.multiplySymmetric(yGram, x, xu, gx, 0, f);
            error += FloatVectors.dot(x, xu, gx, 0, f); // every cell as if p = 0, c = 1
            for (int k = rows.from(u); k < rows.to(u); k++) {
              double c = 1 + alpha * rows.values()[k];
              double d = FloatVectors.dot(x, xu, y, rows.columns()[k] * f, f);
              error += c * (1 - d) * (1 - d) - d * d;
              confidence += c;
            }
          }
          errorOf[chunk] = error;
          confidenceOf[chunk] = confidence;
        });
    double error = 0;
    double confidence = 0;
    for (int c = 0; c < chunks; c++) {
      error += errorOf[c];
      confidence += confidenceOf[c];
    }
    double norms = trace(xGram, f) + trace(yGram, f); // ‖X‖² = tr(XᵀX)
    double cells = (double) interactions.users() * interactions.items();
    return (error + params.regularization() * norms)
        / (confidence + cells - interactions.nonZeros());
  }

  private static double trace(float[] gram, int f) {
    double sum = 0;
    for (int k = 0; k < f; k++) {
      sum += gram[k * f + k];
    }
    return sum;
  }
}
