package fm.seda.engine.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The taxonomy with Zipf-sized genres: some genres are big, most are niche. */
final class GenreSpace {

  private final String[] names;
  private final double[] cumulative;
  private final Map<String, String> familyOf = new HashMap<>();
  private final Map<String, WeightedList> byFamily = new LinkedHashMap<>();
  private final String[] families;
  private final double[] familyCumulative;

  GenreSpace(List<GenreRef> taxonomy, SplittableRandom random) {
    int n = taxonomy.size();
    names = new String[n];
    cumulative = new double[n];
    int[] rank = DemoWorld.permutation(n, random);
    double total = 0;
    var familyGenres = new LinkedHashMap<String, List<Integer>>();
    double[] weight = new double[n];
    for (int i = 0; i < n; i++) {
      GenreRef g = taxonomy.get(i);
      names[i] = g.name();
      weight[i] = 1.0 / Math.pow(rank[i] + 1.0, 0.8);
      total += weight[i];
      cumulative[i] = total;
      familyOf.put(g.name(), g.family());
      familyGenres.computeIfAbsent(g.family(), f -> new ArrayList<>()).add(i);
    }
    families = familyGenres.keySet().toArray(String[]::new);
    familyCumulative = new double[families.length];
    double familyTotal = 0;
    for (int f = 0; f < families.length; f++) {
      List<Integer> members = familyGenres.get(families[f]);
      String[] memberNames = new String[members.size()];
      double[] memberCumulative = new double[members.size()];
      double sum = 0;
      for (int k = 0; k < members.size(); k++) {
        memberNames[k] = names[members.get(k)];
        sum += weight[members.get(k)];
        memberCumulative[k] = sum;
      }
      byFamily.put(families[f], new WeightedList(memberNames, memberCumulative));
      familyTotal += sum;
      familyCumulative[f] = familyTotal;
    }
  }

  List<String> genreNames() {
    return List.of(names);
  }

  String sampleGenre(SplittableRandom random) {
    return names[
        WeightedList.search(cumulative, random.nextDouble() * cumulative[cumulative.length - 1])];
  }

  String sampleFamily(SplittableRandom random) {
    return families[
        WeightedList.search(
            familyCumulative, random.nextDouble() * familyCumulative[familyCumulative.length - 1])];
  }

  String sampleInFamily(String family, SplittableRandom random) {
    return byFamily.get(family).sample(random);
  }

  String sampleSibling(String genre, SplittableRandom random) {
    return sampleInFamily(familyOf.get(genre), random);
  }

  record WeightedList(String[] items, double[] cumulative) {
    String sample(SplittableRandom random) {
      return items[search(cumulative, random.nextDouble() * cumulative[cumulative.length - 1])];
    }

    /** The first index whose cumulative weight exceeds {@code target}. */
    static int search(double[] cumulative, double target) {
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
  }
}
