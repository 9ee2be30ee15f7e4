package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.engine.cf.ScoredItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.springframework.stereotype.Component;

/**
 * Collaborative: the items the region's ALS model scores highest for the user, who is folded into
 * the model from their current interactions (so a signal from a minute ago counts before the
 * nightly retrain). Score: the model's preference estimate.
 *
 * <p>For a page of users (the nightly batch) the lists are computed together beforehand ({@link
 * #prefetch}): scoring every item for one user at a time streams all item factors from memory per
 * user, and was the second-largest cost of a batch feed (18 % of the JVM's samples).
 */
@Component
class CollaborativeSource implements CandidateGenerator {

  @Override
  public CandidateSource source() {
    return CandidateSource.COLLABORATIVE;
  }

  /**
   * Items asked for beyond a page's {@code perSource}, so that a request's own exclusions (the
   * user's dismissals, unknown when the page is read) rarely leave a prefetched list short.
   */
  static final int PREFETCH_MARGIN = 10;

  /**
   * A user's best items of one model per type, computed with a page: up to {@code asked} each,
   * excluding what the user owns and themself (not yet a request's exclusions).
   */
  record Prefetched(
      ServingModel model, float[] user, Map<String, List<ScoredItem>> byType, int asked) {}

  @Override
  public Map<ItemKey, Double> propose(UserContext user) {
    var proposed = new HashMap<ItemKey, Double>();
    ServingModel model = user.model();
    if (model == null || user.collaborativeUser() == null) {
      return proposed;
    }
    for (String type : ContentSource.TYPES) {
      if (!user.request().entityTypes().contains(type)) {
        continue;
      }
      for (ScoredItem scored : best(user, model, type)) {
        proposed.put(model.items().get(scored.item()), scored.score());
      }
    }
    return proposed;
  }

  /** The prefetched list less the request's exclusions when it still holds enough, else a scan. */
  private static List<ScoredItem> best(UserContext user, ServingModel model, String type) {
    int n = user.request().perSource();
    Prefetched prefetched = user.collaborativeTop();
    if (prefetched != null && prefetched.asked() >= n) {
      List<ScoredItem> list = prefetched.byType().getOrDefault(type, List.of());
      var kept = new ArrayList<ScoredItem>(n);
      for (ScoredItem scored : list) {
        if (kept.size() == n) {
          break;
        }
        if (!user.excluded().contains(model.items().get(scored.item()).entityId())) {
          kept.add(scored);
        }
      }
      // a short list that was not cut at `asked` holds every item left: it is the answer too
      if (kept.size() == n || list.size() < prefetched.asked()) {
        return kept;
      }
    }
    int[] range = model.range(type);
    return model
        .model()
        .recommend(
            user.collaborativeUser(),
            range[0],
            range[1],
            n,
            i -> user.excluded().contains(model.items().get(i).entityId()));
  }

  /**
   * The best {@code perSource} + {@value #PREFETCH_MARGIN} items of each type for every user of a
   * page with a folded-in vector, scored together ({@link
   * fm.seda.engine.cf.AlsModel#recommendEach}); users without a vector are absent.
   *
   * @param owned per user, the items no list may hold (what they own, and themself)
   */
  static Map<UUID, Prefetched> prefetch(
      ServingModel model, Map<UUID, float[]> folded, Map<UUID, Set<UUID>> owned, int perSource) {
    List<UUID> users = List.copyOf(folded.keySet());
    float[][] vectors = new float[users.size()][];
    var exclude = new IntPredicate[users.size()];
    for (int u = 0; u < users.size(); u++) {
      vectors[u] = folded.get(users.get(u));
      int[] theirs = indexesOf(model, owned.getOrDefault(users.get(u), Set.of()));
      exclude[u] = i -> Arrays.binarySearch(theirs, i) >= 0;
    }
    int asked = perSource + PREFETCH_MARGIN;
    var byUser = new HashMap<UUID, Map<String, List<ScoredItem>>>();
    for (String type : ContentSource.TYPES) {
      int[] range = model.range(type);
      List<List<ScoredItem>> lists =
          model.model().recommendEach(vectors, range[0], range[1], asked, exclude);
      for (int u = 0; u < users.size(); u++) {
        byUser.computeIfAbsent(users.get(u), k -> new HashMap<>()).put(type, lists.get(u));
      }
    }
    var prefetched = new HashMap<UUID, Prefetched>();
    byUser.forEach(
        (user, lists) ->
            prefetched.put(user, new Prefetched(model, folded.get(user), lists, asked)));
    return prefetched;
  }

  /**
   * The model's indexes of {@code ids} in any type, sorted: the scan asks about every item that
   * scores into a user's list so far, and looking the item's id up in the user's set instead reads
   * the item's key from a table of hundreds of thousands (1.5 % of a batch feed's samples).
   */
  private static int[] indexesOf(ServingModel model, Set<UUID> ids) {
    var indexes = new ArrayList<Integer>();
    for (UUID id : ids) {
      for (String type : ContentSource.TYPES) {
        int index = model.indexOf(new ItemKey(type, id));
        if (index >= 0) {
          indexes.add(index);
        }
      }
    }
    return indexes.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
