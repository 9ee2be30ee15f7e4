package fm.seda.engine.cf;

import fm.seda.engine.simd.Dot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Trained user and item factors, with the settings that produced them. Immutable and safe to read
 * from many threads.
 *
 * <p>Scores are dot products xᵤ·yᵢ: the model's estimate of the preference p (near 1 for items the
 * user would interact with, near 0 otherwise), comparable between items for one user but not a
 * probability. Factors are stored as one flat row-major {@code float[]} per side, so a scoring pass
 * streams through contiguous memory.
 */
public final class AlsModel {

  private static final int MAGIC = 0x5345_4441; // "SEDA"
  private static final int FORMAT_VERSION = 1;
  private static final int IO_CHUNK_FLOATS = 8192;

  private final AlsParams params;
  private final int users;
  private final int items;
  private final int factors;
  private final float[] userFactors;
  private final float[] itemFactors;
  private final float[] itemGram;
  private final float[] itemNorms;

  AlsModel(AlsParams params, int users, int items, float[] userFactors, float[] itemFactors) {
    this(params, users, items, userFactors, itemFactors, null);
  }

  /** With {@code itemGram} = YᵀY if the caller has it already, else null to compute it. */
  AlsModel(
      AlsParams params,
      int users,
      int items,
      float[] userFactors,
      float[] itemFactors,
      float @Nullable [] itemGram) {
    this.params = params;
    this.users = users;
    this.items = items;
    this.factors = params.factors();
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    if (itemGram == null) {
      // for foldIn: YᵀY is a few hundred ms at 300k items, once per loaded model
      try (var workers = new RowWorkers(1)) {
        itemGram = ImplicitAls.gram(itemFactors, items, factors, workers);
      }
    }
    this.itemGram = itemGram;
    this.itemNorms = new float[items];
    for (int i = 0; i < items; i++) {
      int at = i * factors;
      itemNorms[i] = (float) Math.sqrt(FloatVectors.dot(itemFactors, at, itemFactors, at, factors));
    }
  }

  /**
   * This model without its user factors: what a server keeps and stores when it folds users in at
   * request time. Smaller, and it holds nothing derived from any one user alone.
   */
  public AlsModel withoutUsers() {
    return new AlsModel(params, 0, items, new float[0], itemFactors, itemGram);
  }

  /** The settings the model was trained with; fold-in uses their alpha and regularization. */
  public AlsParams params() {
    return params;
  }

  public int factors() {
    return factors;
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  /** The user's factor vector (a copy); all zeros for a user who had no interactions. */
  public float[] userFactors(int user) {
    Objects.checkIndex(user, users);
    return Arrays.copyOfRange(userFactors, user * factors, (user + 1) * factors);
  }

  /** The item's factor vector (a copy); all zeros for an item nobody interacted with. */
  public float[] itemFactors(int item) {
    Objects.checkIndex(item, items);
    return Arrays.copyOfRange(itemFactors, item * factors, (item + 1) * factors);
  }

  /** xᵤ·yᵢ. */
  public double score(int user, int item) {
    Objects.checkIndex(user, users);
    Objects.checkIndex(item, items);
    return Dot.dot(userFactors, user * factors, itemFactors, item * factors, factors);
  }

  /**
   * uᵀyᵢ for an arbitrary user vector (e.g. from {@link #foldIn}), computed as {@link
   * #recommend(float[], int, IntPredicate)} scores it, without copying the item's factors.
   *
   * @throws IllegalArgumentException if the vector's length is not {@link #factors()}
   * @throws IndexOutOfBoundsException if item is out of range
   */
  public double score(float[] userFactors, int item) {
    if (userFactors.length != factors) {
      throw new IllegalArgumentException(
          "a user vector of this model has " + factors + " factors, got " + userFactors.length);
    }
    Objects.checkIndex(item, items);
    return Dot.dot(userFactors, 0, itemFactors, item * factors, factors);
  }

  /**
   * The top {@code n} items by score for {@code user}, best first (ties to the lower index),
   * skipping items for which {@code exclude.test(item)} is true. Fewer than {@code n} if fewer
   * items remain; a user without interactions scores every item 0 and gets the lowest indices.
   *
   * @throws IndexOutOfBoundsException if user is out of range
   * @throws IllegalArgumentException if n < 0
   */
  public List<ScoredItem> recommend(int user, int n, IntPredicate exclude) {
    Objects.checkIndex(user, users);
    return top(userFactors, user * factors, n, 0, items, exclude);
  }

  /**
   * The top {@code n} items by score for an arbitrary user vector (e.g. from {@link #foldIn}), best
   * first, skipping items for which {@code exclude.test(item)} is true.
   *
   * @throws IllegalArgumentException if the vector's length is not {@link #factors()} or n < 0
   */
  public List<ScoredItem> recommend(float[] userFactors, int n, IntPredicate exclude) {
    if (userFactors.length != factors) {
      throw new IllegalArgumentException(
          "a user vector of this model has " + factors + " factors, got " + userFactors.length);
    }
    return top(userFactors, 0, n, 0, items, exclude);
  }

  /**
   * As {@link #recommend(float[], int, IntPredicate)}, scoring only the items of indices {@code
   * [fromItem, toItem)}: a caller that lays out one kind of item per range (artists, then
   * playlists, then rooms) pays for scanning one kind, not all.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, items()]}
   */
  public List<ScoredItem> recommend(
      float[] userFactors, int fromItem, int toItem, int n, IntPredicate exclude) {
    if (userFactors.length != factors) {
      throw new IllegalArgumentException(
          "a user vector of this model has " + factors + " factors, got " + userFactors.length);
    }
    Objects.checkFromToIndex(fromItem, toItem, items);
    return top(userFactors, 0, n, fromItem, toItem, exclude);
  }

  /**
   * Items scanned per block by {@link #recommendEach}: 1,024 × 64 factors is 256 kB, which stays in
   * a core's L2 cache while every user of the batch is scored against it.
   */
  static final int ITEM_BLOCK = 1024;

  /**
   * {@link #recommend(float[], int, int, int, IntPredicate)} for many users at once: the items are
   * scanned a cache-sized block at a time and every user is scored against a block before the next
   * is read, so the item factors come from memory once per call instead of once per user. With the
   * Vector API, a lane per user scores eight items at a time. A user whose entry in {@code
   * userFactors} is null gets an empty list.
   *
   * <p>The answers are {@code recommend}'s: the kept items are scored again as {@code recommend}
   * scores them and ordered by those scores. Only where the scan's rounding (another summation
   * order) and {@code recommend}'s disagree about which of two items within a rounding error of
   * each other is the n-th can the lists differ in that last item.
   *
   * <p>Why: scoring every item for one user streams all item factors from memory (72 MB on {@code
   * large}) for 64 multiply-adds per item; for 64 users that took 2.3–3.0 ms each, blocked 1.2 ms,
   * and with a lane per user 0.8 ms (docs/BENCHMARKS.md).
   *
   * @param exclude one predicate per user
   * @throws IllegalArgumentException if a vector's length is not {@link #factors()}, n < 0, or the
   *     two arrays differ in length
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, items()]}
   */
  public List<List<ScoredItem>> recommendEach(
      float[] @Nullable [] userFactors, int fromItem, int toItem, int n, IntPredicate[] exclude) {
    if (userFactors.length != exclude.length) {
      throw new IllegalArgumentException(
          userFactors.length + " users but " + exclude.length + " exclusion predicates");
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    Objects.checkFromToIndex(fromItem, toItem, items);
    var tops = new TopN[userFactors.length];
    for (int u = 0; u < userFactors.length; u++) {
      float[] user = userFactors[u];
      if (user != null && user.length != factors) {
        throw new IllegalArgumentException(
            "a user vector of this model has " + factors + " factors, got " + user.length);
      }
      Objects.requireNonNull(exclude[u], "exclude");
      tops[u] = new TopN(user == null ? 0 : Math.min(n, toItem - fromItem));
    }
    if (Dot.SIMD) {
      scanLanePerUser(userFactors, fromItem, toItem, exclude, tops);
    } else {
      scanBlocked(userFactors, fromItem, toItem, exclude, tops);
    }
    var result = new java.util.ArrayList<List<ScoredItem>>(tops.length);
    for (int u = 0; u < tops.length; u++) {
      result.add(rescored(userFactors[u], tops[u].drainBestFirst()));
    }
    return result;
  }

  /** Each user's dot product with each item of a block, one user after another. */
  private void scanBlocked(
      float[] @Nullable [] users, int fromItem, int toItem, IntPredicate[] exclude, TopN[] tops) {
    for (int block = fromItem; block < toItem; block += ITEM_BLOCK) {
      int end = Math.min(toItem, block + ITEM_BLOCK);
      for (int u = 0; u < users.length; u++) {
        float[] user = users[u];
        if (user == null) {
          continue;
        }
        for (int i = block; i < end; i++) {
          offer(tops[u], exclude[u], i, Dot.dot(user, 0, itemFactors, i * factors, factors));
        }
      }
    }
  }

  /**
   * {@link SimdDot#lanes()} users at a time, one per lane, eight items per step ({@link
   * SimdDot#scoreEight}); only scores at or above a user's current n-th best are looked at alone.
   */
  private void scanLanePerUser(
      float[] @Nullable [] users, int fromItem, int toItem, IntPredicate[] exclude, TopN[] tops) {
    int lanes = SimdDot.lanes();
    int groups = (users.length + lanes - 1) / lanes;
    float[][] byFactor = new float[groups][factors * lanes];
    for (int u = 0; u < users.length; u++) {
      float[] user = users[u];
      if (user != null) {
        for (int k = 0; k < factors; k++) {
          byFactor[u / lanes][k * lanes + u % lanes] = user[k];
        }
      }
    }
    double[] thresholds = new double[users.length];
    // the same thresholds as floats, one lane each (lanes past the last user never pass): a score
    // is a float, and a kept score is one widened, so the narrowing is exact
    float[] laneThresholds = new float[groups * lanes];
    Arrays.fill(laneThresholds, Float.POSITIVE_INFINITY);
    for (int u = 0; u < users.length; u++) {
      thresholds[u] = tops[u].threshold();
      laneThresholds[u] = (float) thresholds[u];
    }
    float[] scores = new float[8 * lanes];
    for (int block = fromItem; block < toItem; block += ITEM_BLOCK) {
      int end = Math.min(toItem, block + ITEM_BLOCK);
      int eights = block + (end - block) / 8 * 8;
      for (int g = 0; g < groups; g++) {
        int first = g * lanes;
        int count = Math.min(lanes, users.length - first);
        for (int i = block; i < eights; i += 8) {
          if (!SimdDot.scoreEight(
              byFactor[g], itemFactors, i * factors, factors, laneThresholds, first, scores)) {
            continue;
          }
          for (int j = 0; j < 8; j++) {
            for (int l = 0; l < count; l++) {
              float score = scores[j * lanes + l];
              int u = first + l;
              if (score >= thresholds[u] && offer(tops[u], exclude[u], i + j, score)) {
                thresholds[u] = tops[u].threshold();
                laneThresholds[u] = (float) thresholds[u];
              }
            }
          }
        }
        for (int i = eights; i < end; i++) {
          for (int u = first; u < first + count; u++) {
            float[] user = users[u];
            if (user != null
                && offer(
                    tops[u], exclude[u], i, Dot.dot(user, 0, itemFactors, i * factors, factors))) {
              thresholds[u] = tops[u].threshold();
              laneThresholds[u] = (float) thresholds[u];
            }
          }
        }
      }
    }
  }

  /**
   * Offers an item unless excluded; true if offered. The predicate may be a set lookup, so it is
   * asked only about items that would get in.
   */
  private static boolean offer(TopN top, IntPredicate exclude, int item, double score) {
    if (top.wouldAccept(score) && !exclude.test(item)) {
      top.offer(item, score);
      return true;
    }
    return false;
  }

  /**
   * The kept items scored as {@link #recommend} scores them, best first (ties to the lower index).
   */
  private List<ScoredItem> rescored(float @Nullable [] user, List<ScoredItem> kept) {
    if (user == null || kept.isEmpty()) {
      return kept;
    }
    var exact = new ScoredItem[kept.size()];
    for (int k = 0; k < exact.length; k++) {
      int item = kept.get(k).item();
      exact[k] = new ScoredItem(item, Dot.dot(user, 0, itemFactors, item * factors, factors));
    }
    Arrays.sort(
        exact,
        java.util.Comparator.comparingDouble(ScoredItem::score)
            .reversed()
            .thenComparingInt(ScoredItem::item));
    return List.of(exact);
  }

  private List<ScoredItem> top(
      float[] vector, int from, int n, int fromItem, int toItem, IntPredicate exclude) {
    Objects.requireNonNull(exclude, "exclude");
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    var top = new TopN(Math.min(n, toItem - fromItem));
    for (int i = fromItem; i < toItem; i++) {
      offer(top, exclude, i, Dot.dot(vector, from, itemFactors, i * factors, factors));
    }
    return top.drainBestFirst();
  }

  /**
   * The top {@code n} items by cosine of their factor vectors to {@code item}'s, best first, never
   * {@code item} itself. Items with an all-zero vector (no interactions in training) have no
   * direction and are never returned; for such an {@code item} the list is empty.
   *
   * @throws IndexOutOfBoundsException if item is out of range
   * @throws IllegalArgumentException if n < 0
   */
  public List<ScoredItem> similarItems(int item, int n) {
    Objects.checkIndex(item, items);
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    float norm = itemNorms[item];
    var top = new TopN(Math.min(n, items));
    if (norm == 0) {
      return top.drainBestFirst();
    }
    int at = item * factors;
    for (int i = 0; i < items; i++) {
      if (i == item || itemNorms[i] == 0) {
        continue;
      }
      double cosine =
          Dot.dot(itemFactors, at, itemFactors, i * factors, factors)
              / ((double) norm * itemNorms[i]);
      top.offer(i, cosine);
    }
    return top.drainBestFirst();
  }

  /**
   * A user vector for interactions not seen in training (a new user, or a known user's updated
   * history), solved exactly against the fixed item factors: x = (YᵀY + Yᵀ(Cᵤ − I)Y + λI)⁻¹YᵀCᵤp,
   * with the model's alpha and regularization: the vector an exact user half-sweep of training
   * would give, without retraining (what the {@code implicit} library does when asked to {@code
   * recalculate_user}). Costs O(f²·n + f³), a Cholesky solve of f × f. Repeated items add their
   * strengths up, as in {@link Interactions.Builder#add}; no items gives the zero vector.
   *
   * @throws IllegalArgumentException if the arrays differ in length, an item is out of range or a
   *     strength is not finite and > 0
   */
  public float[] foldIn(int[] items, float[] strengths) {
    if (items.length != strengths.length) {
      throw new IllegalArgumentException(
          "items and strengths differ in length: " + items.length + " vs " + strengths.length);
    }
    // merge repeated items without touching O(items) memory: this runs per real-time update
    long[] byItem = new long[items.length];
    for (int k = 0; k < items.length; k++) {
      int item = items[k];
      float strength = strengths[k];
      if (item < 0 || item >= this.items) {
        throw new IllegalArgumentException(
            "item " + item + " is out of range: the model has " + this.items + " items");
      }
      if (!(strength > 0) || !Float.isFinite(strength)) {
        throw new IllegalArgumentException(
            "strength of item " + item + " must be finite and > 0, got " + strength);
      }
      byItem[k] = ((long) item << 32) | k;
    }
    Arrays.sort(byItem);
    int f = factors;
    double[] a = new double[f * f];
    double[] b = new double[f];
    for (int k = 0; k < a.length; k++) {
      a[k] = itemGram[k];
    }
    for (int k = 0; k < f; k++) {
      a[k * f + k] += params.regularization();
    }
    for (int k = 0; k < byItem.length; ) {
      int item = (int) (byItem[k] >>> 32);
      float strength = 0;
      for (; k < byItem.length && (int) (byItem[k] >>> 32) == item; k++) {
        strength += strengths[(int) byItem[k]];
      }
      int yi = item * f;
      double extra = params.alpha() * strength; // c − 1
      for (int p = 0; p < f; p++) {
        double yp = itemFactors[yi + p];
        b[p] += (1 + extra) * yp;
        double w = extra * yp;
        for (int q = 0; q < f; q++) {
          a[p * f + q] += w * itemFactors[yi + q];
        }
      }
    }
    double[] x = Cholesky.solve(a, b, f);
    float[] result = new float[f];
    for (int k = 0; k < f; k++) {
      result[k] = (float) x[k];
    }
    return result;
  }

  /**
   * Writes the model: a header (format version, settings, sizes) and the factors as big-endian
   * floats, about {@code 4 × factors × (users + items)} bytes. Does not close {@code out}.
   */
  public void writeTo(OutputStream out) throws IOException {
    var data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeInt(params.factors());
    data.writeDouble(params.regularization());
    data.writeDouble(params.alpha());
    data.writeInt(params.iterations());
    data.writeInt(params.cgSteps());
    data.writeLong(params.seed());
    data.writeInt(params.threads());
    data.writeInt(users);
    data.writeInt(items);
    writeFloats(data, userFactors);
    writeFloats(data, itemFactors);
    data.flush();
  }

  /**
   * Reads a model written by {@link #writeTo}, exactly as it was. Reads no further than the model.
   *
   * @throws IOException if the stream ends early or does not hold a model of a known format
   */
  public static AlsModel readFrom(InputStream in) throws IOException {
    var data = new DataInputStream(in);
    int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException("not a seda ALS model (magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = data.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "ALS model format version " + version + " is not supported (" + FORMAT_VERSION + " is)");
    }
    AlsParams params;
    try {
      params =
          new AlsParams(
              data.readInt(),
              data.readDouble(),
              data.readDouble(),
              data.readInt(),
              data.readInt(),
              data.readLong(),
              data.readInt());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt ALS model header: " + e.getMessage(), e);
    }
    int users = data.readInt();
    int items = data.readInt();
    int f = params.factors();
    if (users < 0 || items < 0 || (long) Math.max(users, items) * f > Integer.MAX_VALUE - 8) {
      throw new IOException("corrupt ALS model header: " + users + " users, " + items + " items");
    }
    float[] userFactors = readFloats(data, users * f);
    float[] itemFactors = readFloats(data, items * f);
    return new AlsModel(params, users, items, userFactors, itemFactors);
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(IO_CHUNK_FLOATS * Float.BYTES);
    for (int from = 0; from < values.length; from += IO_CHUNK_FLOATS) {
      int n = Math.min(IO_CHUNK_FLOATS, values.length - from);
      buffer.clear();
      buffer.asFloatBuffer().put(values, from, n);
      out.write(buffer.array(), 0, n * Float.BYTES);
    }
  }

  private static float[] readFloats(DataInputStream in, int count) throws IOException {
    float[] values = new float[count];
    byte[] bytes = new byte[IO_CHUNK_FLOATS * Float.BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    for (int from = 0; from < count; from += IO_CHUNK_FLOATS) {
      int n = Math.min(IO_CHUNK_FLOATS, count - from);
      in.readFully(bytes, 0, n * Float.BYTES);
      buffer.clear();
      buffer.asFloatBuffer().get(values, from, n);
    }
    return values;
  }
}
