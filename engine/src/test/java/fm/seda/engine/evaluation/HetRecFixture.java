package fm.seda.engine.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a small dataset in the HetRec 2011 Last.fm layout: 60 users in two taste communities (rock
 * and electronic artists), play counts falling with an artist's rank in the community, user tags,
 * and friendships mostly inside a community. Seeded, so the same files every time.
 */
final class HetRecFixture {

  static final int USERS = 60;
  static final int ARTISTS_PER_COMMUNITY = 20;

  private HetRecFixture() {}

  static Path write(Path dir) throws IOException {
    var random = new SplittableRandom(42);
    var artists = new StringBuilder("id\tname\turl\tpictureURL\n");
    for (int a = 0; a < 2 * ARTISTS_PER_COMMUNITY; a++) {
      String kind = a < ARTISTS_PER_COMMUNITY ? "Rock" : "Synth";
      artists
          .append(100 + a)
          .append('\t')
          .append(kind)
          .append(" Band ")
          .append(a)
          .append("\thttp://x\thttp://y\n");
    }
    Files.writeString(dir.resolve("artists.dat"), artists);
    Files.writeString(
        dir.resolve("tags.dat"), "tagID\ttagValue\n1\trock\n2\telectronic\n3\tguitar\n4\tdance\n");
    var plays = new StringBuilder("userID\tartistID\tweight\n");
    var tagged = new StringBuilder("userID\tartistID\ttagID\tday\tmonth\tyear\n");
    for (int u = 0; u < USERS; u++) {
      int community = u % 2;
      var picked = new ArrayList<Integer>();
      while (picked.size() < 8) {
        // popular artists of the community first (a rough Zipf), sometimes one of the other side
        int rank = (int) Math.floor(Math.pow(random.nextDouble(), 2) * ARTISTS_PER_COMMUNITY);
        int side = random.nextDouble() < 0.9 ? community : 1 - community;
        int artist = side * ARTISTS_PER_COMMUNITY + rank;
        if (!picked.contains(artist)) {
          picked.add(artist);
        }
      }
      for (int artist : picked) {
        plays
            .append(1 + u)
            .append('\t')
            .append(100 + artist)
            .append('\t')
            .append(1 + random.nextInt(500))
            .append('\n');
        int tag =
            artist < ARTISTS_PER_COMMUNITY
                ? (random.nextBoolean() ? 1 : 3)
                : (random.nextBoolean() ? 2 : 4);
        tagged
            .append(1 + u)
            .append('\t')
            .append(100 + artist)
            .append('\t')
            .append(tag)
            .append("\t1\t1\t2010\n");
      }
    }
    Files.writeString(dir.resolve("user_artists.dat"), plays);
    Files.writeString(dir.resolve("user_taggedartists.dat"), tagged);
    var friends = new StringBuilder("userID\tfriendID\n");
    for (int u = 0; u < USERS; u++) {
      for (int f : List.of((u + 2) % USERS, (u + 4) % USERS, (u + 7) % USERS)) {
        friends.append(1 + u).append('\t').append(1 + f).append('\n');
      }
    }
    Files.writeString(dir.resolve("user_friends.dat"), friends);
    return dir;
  }
}
