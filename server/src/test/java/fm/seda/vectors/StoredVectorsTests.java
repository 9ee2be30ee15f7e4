package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoredVectorsTests {

  @Test
  void aNegativeCatalogCacheSizeIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> new StoredVectors(null, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seda.vectors.catalog-cache-size");
  }
}
