package fm.seda.engine.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws artists of a genre in proportion to their popularity, so listens and playlists favour the
 * head of the power law as real ones do.
 */
final class ArtistSampler {

  private final Map<String, int[]> artistsByGenre = new HashMap<>();
  private final Map<String, double[]> cumulativeByGenre = new HashMap<>();

  ArtistSampler(List<DemoWorld.Artist> artists, List<String> genres) {
    var lists = new HashMap<String, List<DemoWorld.Artist>>();
    for (DemoWorld.Artist a : artists) {
      for (String g : a.genres()) {
        lists.computeIfAbsent(g, k -> new ArrayList<>()).add(a);
      }
    }
    for (String g : genres) {
      List<DemoWorld.Artist> members = lists.getOrDefault(g, List.of());
      int[] ids = new int[members.size()];
      double[] cumulative = new double[members.size()];
      double sum = 0;
      for (int i = 0; i < ids.length; i++) {
        ids[i] = members.get(i).index();
        // popularity is log-scaled; undo it so sampling follows the underlying power law
        sum += Math.pow(10, members.get(i).popularity() / 20.0);
        cumulative[i] = sum;
      }
      artistsByGenre.put(g, ids);
      cumulativeByGenre.put(g, cumulative);
    }
  }

  /** An artist of {@code genre}, or -1 when the genre has none. */
  int sample(String genre, SplittableRandom random) {
    int[] ids = artistsByGenre.get(genre);
    if (ids == null || ids.length == 0) {
      return -1;
    }
    double[] cumulative = cumulativeByGenre.get(genre);
    return ids[
        GenreSpace.WeightedList.search(
            cumulative, random.nextDouble() * cumulative[cumulative.length - 1])];
  }
}
