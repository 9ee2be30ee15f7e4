package fm.seda.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic, L2-normalised stand-in embeddings.
 *
 * <p>A vector is a function of (space, text) only: the same model and text give bit-identical
 * vectors in every run, JVM and server instance. It mixes two parts in the model's native
 * dimensions, then keeps the first {@code dims} coordinates and renormalises (the Matryoshka
 * truncation that OpenAI {@code dimensions} and Cohere {@code output_dimension} perform):
 *
 * <ul>
 *   <li>a hashed bag of words (lower-cased letter/digit runs, each word adding ±1 on a fixed
 *       pseudo-random set of coordinates), weight {@value #WORD_WEIGHT}, so texts that share words
 *       have positively correlated vectors: a lexical, not semantic, similarity;
 *   <li>gaussian noise seeded by a 64-bit FNV-1a hash of space and text, weight {@value
 *       #NOISE_WEIGHT}, so different texts never collide.
 * </ul>
 *
 * Only {@link SplittableRandom#nextDouble()} and {@link SplittableRandom#nextInt(int)}, whose
 * algorithms are specified, and {@link StrictMath} are used, so the vectors do not depend on the
 * JDK version or the CPU. Texts are lower-cased with {@link Locale#ROOT} for the word part only.
 */
final class DeterministicVectors {

  static final double WORD_WEIGHT = 0.8;
  static final double NOISE_WEIGHT = 0.6;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private DeterministicVectors() {}

  /**
   * The unit vector of {@code text} in the embedding space {@code space} (e.g. a model name),
   * computed in {@code nativeDims} dimensions and truncated to {@code dims}.
   */
  static float[] embed(String space, String text, int nativeDims, int dims) {
    if (dims < 1 || dims > nativeDims) {
      throw new IllegalArgumentException("dims must be within [1, " + nativeDims + "]: " + dims);
    }
    double[] words = new double[nativeDims];
    int perWord = Math.max(8, nativeDims / 16);
    boolean anyWord = false;
    int length = text.length();
    int i = 0;
    while (i < length) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < length && Character.isLetterOrDigit(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      String word = text.substring(start, i).toLowerCase(Locale.ROOT);
      SplittableRandom random = new SplittableRandom(hash(space, '\u0001', word));
      for (int k = 0; k < perWord; k++) {
        words[random.nextInt(nativeDims)] += random.nextDouble() < 0.5 ? -1.0 : 1.0;
      }
      anyWord = true;
    }
    double wordNorm = anyWord ? norm(words, nativeDims) : 0.0;

    double[] noise = new double[nativeDims];
    SplittableRandom random = new SplittableRandom(hash(space, '\u0000', text));
    for (int d = 0; d < nativeDims; d += 2) {
      // Box–Muller: two independent standard gaussians from two uniforms.
      double u1 = 1.0 - random.nextDouble(); // (0, 1], keeps log finite
      double u2 = random.nextDouble();
      double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      noise[d] = radius * StrictMath.cos(2.0 * Math.PI * u2);
      if (d + 1 < nativeDims) {
        noise[d + 1] = radius * StrictMath.sin(2.0 * Math.PI * u2);
      }
    }
    double noiseNorm = norm(noise, nativeDims);

    double[] mixed = new double[dims];
    for (int d = 0; d < dims; d++) {
      double value = NOISE_WEIGHT * noise[d] / noiseNorm;
      if (wordNorm > 0.0) {
        value += WORD_WEIGHT * words[d] / wordNorm;
      }
      mixed[d] = value;
    }
    double mixedNorm = norm(mixed, dims);
    if (mixedNorm == 0.0) { // astronomically unlikely; keep the contract of a unit vector
      mixed[0] = 1.0;
      mixedNorm = 1.0;
    }
    float[] vector = new float[dims];
    for (int d = 0; d < dims; d++) {
      vector[d] = (float) (mixed[d] / mixedNorm);
    }
    return vector;
  }

  /**
   * A stable token-count approximation: one token per four characters (Unicode code points),
   * rounded up, at least one.
   */
  static int approximateTokens(String text) {
    int codePoints = text.codePointCount(0, text.length());
    return Math.max(1, (codePoints + 3) / 4);
  }

  /** The vector as little-endian float32 bytes, base64-encoded (OpenAI's {@code base64}). */
  static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  /** 64-bit FNV-1a of the UTF-8 bytes of {@code space}, {@code separator} and {@code text}. */
  static long hash(String space, char separator, String text) {
    long hash = FNV_OFFSET;
    hash = fnv(hash, space.getBytes(StandardCharsets.UTF_8));
    hash = (hash ^ separator) * FNV_PRIME;
    return fnv(hash, text.getBytes(StandardCharsets.UTF_8));
  }

  private static long fnv(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static double norm(double[] values, int length) {
    double sum = 0.0;
    for (int d = 0; d < length; d++) {
      sum += values[d] * values[d];
    }
    return Math.sqrt(sum);
  }
}
