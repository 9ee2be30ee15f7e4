package fm.seda.candidates.internal;

import fm.seda.candidates.popularity.ItemPopularity;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The catalog facts, popularity and vectors of the items proposed to a page of users (the nightly
 * batch), as the first of its users to be proposed each item read them; the page's other users find
 * them here. Why: the node-wide caches behind them hold hundreds of thousands of entries spread
 * over the heap, and looking every candidate up in them was ~10 % of a batch feed's JVM samples
 * (docs/BENCHMARKS.md), while the users of a page share many of their candidates (the popular and
 * trending lists, neighbours in the same genres). A page lives for seconds (read, ranked, written),
 * so a room's liveness may be that much older than {@link CatalogFacts#ROOMS_KEPT} for its later
 * users; one user's ranking has no page and reads the caches.
 */
final class PageItems {

  /**
   * What feature assembly reads about a catalog item: facts null when the item is deleted, vector
   * null when it has none (with its norm, computed once for every user of the page).
   */
  record Reads(
      @Nullable ItemFacts facts,
      @Nullable ItemPopularity popularity,
      float @Nullable [] vector,
      double norm) {}

  private final ConcurrentHashMap<ItemKey, Reads> items = new ConcurrentHashMap<>();

  @Nullable Reads get(ItemKey key) {
    return items.get(key);
  }

  void put(ItemKey key, Reads reads) {
    items.putIfAbsent(key, reads);
  }
}
