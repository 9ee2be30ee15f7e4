package fm.seda.candidates.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemKeyTests {

  @Test
  void keysOfTheSameTypeAndIdAreEqualWhicheverObjectsHoldThem() {
    UUID id = UUID.randomUUID();
    var key = new ItemKey("artist", id);
    var same = new ItemKey(new String("artist"), UUID.fromString(id.toString()));

    assertThat(same).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(same.entityType()).isEqualTo("artist");
    assertThat(same.entityId()).isEqualTo(id);
    assertThat(new HashSet<>(java.util.List.of(key, same))).hasSize(1);
  }

  @Test
  void theSameIdInAnotherTypeOrAnotherIdIsAnotherKey() {
    UUID id = UUID.randomUUID();
    var artist = new ItemKey("artist", id);

    assertThat(new ItemKey("playlist", id)).isNotEqualTo(artist);
    assertThat(new ItemKey("artist", new UUID(id.getMostSignificantBits(), 0)))
        .isNotEqualTo(artist);
    assertThat(new ItemKey("artist", new UUID(0, id.getLeastSignificantBits())))
        .isNotEqualTo(artist);
  }
}
