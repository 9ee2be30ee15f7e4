package fm.seda.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fm.seda.regions.Region;
import fm.seda.regions.RegionalItem;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredVectorsTests {

  @Test
  void aNegativeOrUnreadableCatalogCacheSizeIsRefusedWithTheSettingsName() {
    for (String size : new String[] {"-1", "lots", ""}) {
      assertThatThrownBy(() -> new StoredVectors(null, null, size))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("seda.vectors.catalog-cache-size")
          .hasMessageContaining("'" + size + "'");
    }
  }

  @Test
  void anAutoSizedCacheKeepsAsManyVectorsAsAQuarterOfTheHeapHolds() {
    long heap = 64L * 1024 * 1024;
    var cache = StoredVectors.catalogCache("auto", heap);
    var vector = new FetchedVector(UUID.randomUUID(), new float[384], null);
    for (int i = 0; i < 40_000; i++) {
      cache.put(RegionalItem.of(Region.US, "artist", UUID.randomUUID()), vector);
    }
    cache.cleanUp();

    long fit = heap / 4 / StoredVectors.weight(vector);
    assertThat(cache.estimatedSize()).isBetween(fit * 9 / 10, fit);
  }

  @Test
  void aCountedCacheKeepsThatManyVectors() {
    var cache = StoredVectors.catalogCache("1000", 1L << 40);
    var vector = new FetchedVector(UUID.randomUUID(), new float[8], null);
    for (int i = 0; i < 5_000; i++) {
      cache.put(RegionalItem.of(Region.US, "artist", UUID.randomUUID()), vector);
    }
    cache.cleanUp();

    assertThat(cache.estimatedSize()).isEqualTo(1000);
  }
}
