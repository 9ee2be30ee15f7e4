package fm.seda.candidates.collaborative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidIndexTests {

  @Test
  void findsEveryIdItWasBuiltWithAndNoOther() {
    var random = new Random(7);
    var ids = new ArrayList<UUID>();
    for (int i = 0; i < 50_000; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    int[] values = new int[ids.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = 3 * i;
    }
    var index = new UuidIndex(ids, values);

    for (int i = 0; i < ids.size(); i++) {
      assertThat(index.get(ids.get(i))).isEqualTo(3 * i);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(index.get(new UUID(random.nextLong(), random.nextLong()))).isEqualTo(-1);
    }
  }

  @Test
  void idsThatHashAlikeAreToldApart() {
    // same xor of halves: the same slot, so the second is found by probing past the first
    var a = new UUID(0x1234L, 0x5678L);
    var b = new UUID(0x5678L, 0x1234L);
    var index = new UuidIndex(List.of(a, b), new int[] {0, 1});

    assertThat(index.get(a)).isZero();
    assertThat(index.get(b)).isEqualTo(1);
    assertThat(index.get(new UUID(0x1234L ^ 0x5678L, 0))).isEqualTo(-1);
  }

  @Test
  void anEmptyIndexFindsNothing() {
    assertThat(new UuidIndex(List.of(), new int[0]).get(UUID.randomUUID())).isEqualTo(-1);
  }

  @Test
  void refusesAnIdGivenTwice() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> new UuidIndex(List.of(id, id), new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }
}
