package fm.seda.regions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RegionalItemTests {

  private static final UUID ID = UUID.fromString("058ff700-2e88-32ee-84aa-e1d1252ed091");

  @Test
  void keysOfTheSameItemAreEqualWhereverTheirTypeStringCameFrom() {
    var literal = RegionalItem.of(Region.EU, "artist", ID);
    var read =
        RegionalItem.of(
            Region.EU, new String("artist".toCharArray()), UUID.fromString(ID.toString()));

    assertThat(read).isEqualTo(literal).hasSameHashCodeAs(literal);
    assertThat(read.entityType()).isSameAs(literal.entityType());
    assertThat(read.id()).isEqualTo(ID);
  }

  @Test
  void keysDifferByRegionTypeAndEachHalfOfTheId() {
    var key = RegionalItem.of(Region.EU, "artist", ID);

    assertThat(RegionalItem.of(Region.US, "artist", ID)).isNotEqualTo(key);
    assertThat(RegionalItem.of(Region.EU, "playlist", ID)).isNotEqualTo(key);
    assertThat(
            RegionalItem.of(
                Region.EU,
                "artist",
                new UUID(ID.getMostSignificantBits() + 1, ID.getLeastSignificantBits())))
        .isNotEqualTo(key);
    assertThat(
            RegionalItem.of(
                Region.EU,
                "artist",
                new UUID(ID.getMostSignificantBits(), ID.getLeastSignificantBits() + 1)))
        .isNotEqualTo(key);
  }
}
