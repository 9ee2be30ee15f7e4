package fm.seda.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HetRecLastFmTests {

  @TempDir Path dir;

  @Test
  void readsPlaysArtistsTheirMostGivenTagsAndFriends() throws Exception {
    Files.writeString(
        dir.resolve("artists.dat"),
        "id\tname\turl\tpictureURL\n51\tDuran Duran\tu\tp\n52\tMorcheeba\tu\tp\n");
    Files.writeString(
        dir.resolve("tags.dat"), "tagID\ttagValue\n1\tnew wave\n2\ttrip-hop\n3\t80s\n");
    Files.writeString(
        dir.resolve("user_artists.dat"),
        "userID\tartistID\tweight\n2\t51\t13883\n2\t52\t11690\n4\t51\t52\n");
    Files.writeString(
        dir.resolve("user_taggedartists.dat"),
        "userID\tartistID\ttagID\tday\tmonth\tyear\n2\t51\t3\t1\t4\t2009\n4\t51\t3\t1\t4\t2009\n4\t51\t1\t1\t4\t2009\n2\t52\t2\t1\t4\t2009\n");
    Files.writeString(dir.resolve("user_friends.dat"), "userID\tfriendID\n2\t4\n4\t2\n2\t99\n");

    Dataset d = HetRecLastFm.read(dir);

    assertThat(d.userIds()).containsExactly("2", "4");
    assertThat(d.items())
        .extracting(Dataset.Item::name)
        .containsExactly("Duran Duran", "Morcheeba");
    assertThat(d.items().getFirst().tags()).containsExactly("80s", "new wave");
    assertThat(d.interactions()).hasSize(3);
    assertThat(d.interactions().getFirst().weight()).isEqualTo(13883);
    assertThat(d.timed()).as("play counts have no time").isFalse();
    assertThat(d.friends()).hasSize(2).as("user 99 has no plays");
  }

  @Test
  void aBadRowIsNamedByFileAndLine() throws Exception {
    Files.writeString(dir.resolve("artists.dat"), "id\tname\turl\tpictureURL\n51\tA\tu\tp\n");
    Files.writeString(
        dir.resolve("user_artists.dat"), "userID\tartistID\tweight\n2\t51\t10\n2\tfifty\t3\n");

    assertThatThrownBy(() -> HetRecLastFm.read(dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("user_artists.dat:3")
        .hasMessageContaining("not an integer: 'fifty'");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> HetRecLastFm.read(dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("artists.dat: missing");
  }
}
