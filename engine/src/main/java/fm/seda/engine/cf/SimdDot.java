package fm.seda.engine.cf;

import fm.seda.engine.simd.Dot;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Collaborative scores of many users at once in the widest float lanes this CPU has. Loaded only
 * when {@link Dot#SIMD} says the JVM has {@code jdk.incubator.vector}; never reference it
 * elsewhere.
 */
final class SimdDot {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private SimdDot() {}

  /** Users scored together by {@link #scoreEight}: one per lane. */
  static int lanes() {
    return SPECIES.length();
  }

  /**
   * The scores of eight consecutive items for {@link #lanes()} users at once, into {@code out}
   * ({@code out[j * lanes + u]} is item j's score for user u), and whether any of them reaches its
   * user's threshold: most steps of a scan find none, and comparing lanes here spares the caller
   * {@code 8 × lanes} scalar comparisons (they were about as costly as the scoring itself).
   *
   * @param usersByFactor the users' factors, transposed: factor k of user u at {@code k * lanes +
   *     u}
   * @param itemFrom the first item's offset in {@code items}
   * @param thresholds each lane's lowest score that counts, from {@code thresholdFrom} on ({@code
   *     lanes} of them; a lane without a user holds positive infinity)
   */
  static boolean scoreEight(
      float[] usersByFactor,
      float[] items,
      int itemFrom,
      int factors,
      float[] thresholds,
      int thresholdFrom,
      float[] out) {
    int lanes = SPECIES.length();
    // eight independent sums keep the multiply-add units busy (one chain would wait on each
    // result), and no horizontal reduction is needed: each lane is a user
    var s0 = FloatVector.zero(SPECIES);
    var s1 = s0;
    var s2 = s0;
    var s3 = s0;
    var s4 = s0;
    var s5 = s0;
    var s6 = s0;
    var s7 = s0;
    for (int k = 0; k < factors; k++) {
      var users = FloatVector.fromArray(SPECIES, usersByFactor, k * lanes);
      int at = itemFrom + k;
      s0 = users.fma(FloatVector.broadcast(SPECIES, items[at]), s0);
      s1 = users.fma(FloatVector.broadcast(SPECIES, items[at + factors]), s1);
      s2 = users.fma(FloatVector.broadcast(SPECIES, items[at + 2 * factors]), s2);
      s3 = users.fma(FloatVector.broadcast(SPECIES, items[at + 3 * factors]), s3);
      s4 = users.fma(FloatVector.broadcast(SPECIES, items[at + 4 * factors]), s4);
      s5 = users.fma(FloatVector.broadcast(SPECIES, items[at + 5 * factors]), s5);
      s6 = users.fma(FloatVector.broadcast(SPECIES, items[at + 6 * factors]), s6);
      s7 = users.fma(FloatVector.broadcast(SPECIES, items[at + 7 * factors]), s7);
    }
    s0.intoArray(out, 0);
    s1.intoArray(out, lanes);
    s2.intoArray(out, 2 * lanes);
    s3.intoArray(out, 3 * lanes);
    s4.intoArray(out, 4 * lanes);
    s5.intoArray(out, 5 * lanes);
    s6.intoArray(out, 6 * lanes);
    s7.intoArray(out, 7 * lanes);
    var best = s0.max(s1).max(s2).max(s3).max(s4).max(s5).max(s6).max(s7);
    return best.compare(
            VectorOperators.GE, FloatVector.fromArray(SPECIES, thresholds, thresholdFrom))
        .anyTrue();
  }
}
