package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.popularity.ItemPopularity;
import fm.seda.candidates.popularity.PopularityStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Popularity and trending, each a source: the top items of the user's genres (the request's, else
 * the onboarding ones) and the global top, per entity type, from the hourly {@code
 * item_popularity}. Scores: popularity (0..1) and trend (ln ratio, > 0).
 */
@Configuration(proxyBeanMethods = false)
class PopularitySources {

  @Bean
  CandidateGenerator popularitySource(PopularityStore store) {
    return new Ranked(CandidateSource.POPULARITY, store, false);
  }

  @Bean
  CandidateGenerator trendingSource(PopularityStore store) {
    return new Ranked(CandidateSource.TRENDING, store, true);
  }

  private record Ranked(CandidateSource source, PopularityStore store, boolean trending)
      implements CandidateGenerator {

    @Override
    public Map<ItemKey, Double> propose(UserContext user) {
      var proposed = new HashMap<ItemKey, Double>();
      Set<String> genres = user.genreScope();
      for (String type : ContentSource.TYPES) {
        if (!user.request().entityTypes().contains(type)) {
          continue;
        }
        add(proposed, top(user, type, genres));
        if (!genres.isEmpty()) {
          add(proposed, top(user, type, Set.of()));
        }
      }
      return proposed;
    }

    private List<ItemPopularity> top(UserContext user, String type, Set<String> genres) {
      int n = user.request().perSource();
      return trending
          ? store.trending(user.region(), type, genres, user.excluded(), n)
          : store.mostPopular(user.region(), type, genres, user.excluded(), n);
    }

    private void add(Map<ItemKey, Double> proposed, List<ItemPopularity> rows) {
      for (ItemPopularity row : rows) {
        proposed.put(
            new ItemKey(row.entityType(), row.entityId()),
            trending ? row.trending() : row.popularity());
      }
    }
  }
}
