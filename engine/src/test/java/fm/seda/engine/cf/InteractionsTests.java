package fm.seda.engine.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InteractionsTests {

  @Test
  void repeatedPairsAddUpAndItemsComeOutAscending() {
    Interactions m =
        Interactions.builder(3, 5)
            .add(1, 4, 1f)
            .add(1, 0, 2f)
            .add(1, 4, 0.5f)
            .add(0, 2, 1f)
            .add(1, 2, 3f)
            .build();

    assertThat(m.users()).isEqualTo(3);
    assertThat(m.items()).isEqualTo(5);
    assertThat(m.nonZeros()).isEqualTo(4);
    assertThat(m.itemsOf(1)).containsExactly(0, 2, 4);
    assertThat(m.strengthsOf(1)).containsExactly(2f, 3f, 1.5f);
    assertThat(m.itemsOf(2)).isEmpty();
    assertThat(m.strengthsOf(2)).isEmpty();
  }

  @Test
  void itemViewIsTheTransposeOfTheUserView() {
    Interactions m = Interactions.builder(3, 3).add(2, 1, 5f).add(0, 1, 1f).add(0, 0, 2f).build();

    assertThat(m.usersOf(1)).containsExactly(0, 2);
    assertThat(m.strengthsOfItem(1)).containsExactly(1f, 5f);
    assertThat(m.usersOf(0)).containsExactly(0);
    assertThat(m.usersOf(2)).isEmpty();
  }

  @Test
  void returnedArraysAreCopies() {
    Interactions m = Interactions.builder(1, 2).add(0, 1, 1f).build();

    m.itemsOf(0)[0] = 0;
    m.strengthsOf(0)[0] = 9f;

    assertThat(m.itemsOf(0)).containsExactly(1);
    assertThat(m.strengthsOf(0)).containsExactly(1f);
  }

  @Test
  void emptyMatrixIsAllowed() {
    Interactions m = Interactions.builder(0, 0).build();

    assertThat(m.nonZeros()).isZero();
  }

  @Test
  void refusesIndicesOutOfRange() {
    var builder = Interactions.builder(2, 3);

    assertThatThrownBy(() -> builder.add(2, 0, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user 2 is out of range: the matrix has 2 users");
    assertThatThrownBy(() -> builder.add(-1, 0, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user -1 is out of range");
    assertThatThrownBy(() -> builder.add(0, 3, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item 3 is out of range: the matrix has 3 items");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, -0f})
  void refusesStrengthsThatAreNotFiniteAndPositive(float strength) {
    var builder = Interactions.builder(1, 1);

    assertThatThrownBy(() -> builder.add(0, 0, strength))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be finite and > 0, got " + strength);
  }

  @Test
  void refusesNegativeSizes() {
    assertThatThrownBy(() -> Interactions.builder(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users and items must be >= 0");
  }
}
