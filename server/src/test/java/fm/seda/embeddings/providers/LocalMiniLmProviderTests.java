package fm.seda.embeddings.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalMiniLmProviderTests {

  static LocalMiniLmProvider provider;

  @BeforeAll
  static void load() {
    provider = new LocalMiniLmProvider("local", LocalMiniLmProvider.Variant.QUANTIZED, 2);
  }

  @AfterAll
  static void close() {
    provider.close();
  }

  @Test
  void deepHouseIsCloserToTechHouseThanToBaroqueChoral() {
    List<float[]> v =
        provider.embed(List.of("deep house", "tech house", "baroque choral")).vectors();

    double techHouse = cosine(v.get(0), v.get(1));
    double baroque = cosine(v.get(0), v.get(2));

    assertThat(techHouse)
        .as("deep house ~ tech house (%.3f) vs baroque choral (%.3f)", techHouse, baroque)
        .isGreaterThan(baroque + 0.1);
  }

  @Test
  void vectorsAre384dUnitVectorsInTheOrderOfTheTexts() {
    List<String> texts = List.of("jazz", "k-pop", "drum and bass", "jazz");
    ProviderResult result = provider.embed(texts);

    assertThat(result.vectors()).hasSize(4);
    for (float[] v : result.vectors()) {
      assertThat(v).hasSize(384);
      assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }
    assertThat(result.vectors().get(0)).containsExactly(result.vectors().get(3));
    assertThat(cosine(result.vectors().get(0), result.vectors().get(1))).isLessThan(0.999);
    assertThat(result.tokens()).isPositive();
  }

  @Test
  void sameTextAloneOrInABatchGivesTheSameVector() {
    float[] alone = provider.embed(List.of("late night techno")).vectors().getFirst();
    float[] batched =
        provider.embed(List.of("ambient", "late night techno", "salsa")).vectors().get(1);

    assertThat(cosine(alone, batched)).isGreaterThan(0.9999);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }

  static double norm(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
