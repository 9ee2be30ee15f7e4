package fm.seda.embeddings.providers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic vectors from a hash of the text, of any dimension: the same text always gives the
 * same unit vector, different texts give unrelated ones. For fast tests and the sandbox; it knows
 * nothing about meaning.
 */
public final class HashMockProvider implements EmbeddingProvider {

  private final String name;
  private final int dimension;
  private final String location;

  public HashMockProvider(String name, int dimension, String location) {
    if (dimension < 1 || dimension > 8192) {
      throw new IllegalArgumentException("mock dimension must be 1..8192, got " + dimension);
    }
    this.name = name;
    this.dimension = dimension;
    this.location = location;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "mock";
  }

  @Override
  public String model() {
    return "hash-" + dimension;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public int maxBatchSize() {
    return 2048;
  }

  @Override
  public ProviderResult embed(List<String> texts) {
    var vectors = new ArrayList<float[]>(texts.size());
    long tokens = 0;
    for (String text : texts) {
      vectors.add(vectorOf(text, dimension));
      tokens += Math.max(1, (text.length() + 3) / 4);
    }
    return new ProviderResult(vectors, tokens);
  }

  /** A unit vector drawn from a generator seeded with a stable 64-bit hash of the text. */
  public static float[] vectorOf(String text, int dimension) {
    long hash = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    var random = new SplittableRandom(hash);
    float[] v = new float[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      double x = random.nextDouble(-1, 1);
      v[i] = (float) x;
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimension; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
