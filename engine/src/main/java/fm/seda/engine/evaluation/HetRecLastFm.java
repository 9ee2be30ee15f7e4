package fm.seda.engine.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HetRec 2011 Last.fm dataset (Cantador, Brusilovsky, Kuflik, RecSys 2011): {@code
 * user_artists.dat} (userID, artistID, weight = play count), {@code artists.dat} (id, name, url,
 * pictureURL), {@code tags.dat} (tagID, tagValue), {@code user_taggedartists.dat} (userID,
 * artistID, tagID, day, month, year) and {@code user_friends.dat} (userID, friendID), tab-separated
 * with a header line. Play counts have no time, so it is split at random. An artist's tags are the
 * {@value #TAGS_PER_ARTIST} that users gave it most often.
 */
public final class HetRecLastFm {

  static final int TAGS_PER_ARTIST = 5;

  private HetRecLastFm() {}

  public static Dataset read(Path dir) {
    Map<Integer, String> names = new HashMap<>();
    TabFiles.read(dir.resolve("artists.dat"), 2, r -> names.put(r.integer(0), r.text(1)));
    Map<Integer, String> tagNames = new HashMap<>();
    Path tagsFile = dir.resolve("tags.dat");
    if (Files.exists(tagsFile)) {
      TabFiles.read(tagsFile, 2, r -> tagNames.put(r.integer(0), r.text(1)));
    }
    Map<Integer, Map<String, Integer>> tagCounts = new HashMap<>();
    Path tagged = dir.resolve("user_taggedartists.dat");
    if (Files.exists(tagged)) {
      TabFiles.read(
          tagged,
          3,
          r -> {
            String tag = tagNames.get(r.integer(2));
            if (tag != null) {
              tagCounts
                  .computeIfAbsent(r.integer(1), k -> new HashMap<>())
                  .merge(tag, 1, Integer::sum);
            }
          });
    }

    var userIndex = new LinkedHashMap<String, Integer>();
    var itemIndex = new LinkedHashMap<Integer, Integer>();
    var interactions = new ArrayList<Dataset.Interaction>();
    TabFiles.read(
        dir.resolve("user_artists.dat"),
        3,
        r -> {
          double weight = r.number(2);
          if (!(weight > 0)) {
            throw r.bad("a play count must be > 0, got " + r.text(2));
          }
          // keyed by the id as written (checked to be an integer), the order users first appear
          int user = userIndex.computeIfAbsent(String.valueOf(r.integer(0)), k -> userIndex.size());
          int item = itemIndex.computeIfAbsent(r.integer(1), k -> itemIndex.size());
          interactions.add(
              new Dataset.Interaction(user, item, weight, Dataset.Interaction.NO_TIME));
        });
    if (interactions.isEmpty()) {
      throw new DatasetFormatException(dir.resolve("user_artists.dat") + ": no interactions");
    }

    var items = new ArrayList<Dataset.Item>();
    itemIndex.forEach(
        (artist, index) -> {
          List<String> tags =
              tagCounts.getOrDefault(artist, Map.of()).entrySet().stream()
                  .sorted(
                      Map.Entry.<String, Integer>comparingByValue()
                          .reversed()
                          .thenComparing(Map.Entry.comparingByKey()))
                  .limit(TAGS_PER_ARTIST)
                  .map(Map.Entry::getKey)
                  .toList();
          items.add(
              new Dataset.Item(
                  String.valueOf(artist), names.getOrDefault(artist, "artist " + artist), tags));
        });
    return new Dataset(
        dir.toString(),
        List.copyOf(userIndex.keySet()),
        items,
        interactions,
        TabFiles.friends(
            dir.resolve("user_friends.dat"), userIndex, (r, c) -> String.valueOf(r.integer(c))));
  }
}
