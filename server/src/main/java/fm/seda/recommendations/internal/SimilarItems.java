package fm.seda.recommendations.internal;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidates;
import fm.seda.recommendations.SimilarItem;
import fm.seda.regions.Region;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVectors;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import fm.seda.web.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Item-to-item: the collaborative model's nearest items by factor cosine, and the nearest items by
 * embedding, merged (an item found by both keeps the higher similarity and both sources). The
 * user's dismissed and blocked items are left out, and so is the item itself.
 */
@Service
public class SimilarItems {

  private final Candidates candidates;
  private final StoredVectors stored;
  private final VectorStore vectorStore;
  private final FeedStore store;
  private final FeedService feeds;

  SimilarItems(
      Candidates candidates,
      StoredVectors stored,
      VectorStore vectorStore,
      FeedStore store,
      FeedService feeds) {
    this.candidates = candidates;
    this.stored = stored;
    this.vectorStore = vectorStore;
    this.store = store;
    this.feeds = feeds;
  }

  private record Hit(String type, UUID id) {}

  public List<SimilarItem> of(
      Account account, String entityType, UUID entityId, @Nullable String targetType, int count) {
    if (entityType.equals("person")) {
      throw ApiProblem.badRequest(
          "unsupported-entity-type", "similar items are for room, playlist and artist");
    }
    RegionalDatabase db = feeds.db(account);
    Region region = account.dataResidency().region();
    if (store.cards(db, entityType, List.of(entityId)).isEmpty()) {
      throw ApiProblem.notFound(
          "item-not-found", "no " + entityType + " " + entityId + " in the catalog");
    }
    Set<UUID> leaveOut = new HashSet<>(store.suppressed(db, account.id()));
    leaveOut.add(entityId);
    var scores = new LinkedHashMap<Hit, Double>();
    var sources = new LinkedHashMap<Hit, Set<String>>();
    for (var s : candidates.similarItems(region, entityType, entityId, targetType, count * 2)) {
      if (!leaveOut.contains(s.entityId()) && !s.entityType().equals("person")) {
        add(
            scores,
            sources,
            new Hit(s.entityType(), s.entityId()),
            s.similarity(),
            "collaborative");
      }
    }
    FetchedVector vector = stored.fetch(region, entityType, List.of(entityId)).get(entityId);
    if (vector != null) {
      List<String> types =
          targetType != null ? List.of(targetType) : List.of("room", "playlist", "artist");
      for (String type : types) {
        List<Neighbour> near =
            vectorStore.search(
                region,
                new VectorQuery(
                    type,
                    vector.vector(),
                    Math.min(1000, count + 1),
                    Set.of(),
                    leaveOut,
                    VectorQuery.DEFAULT_EF_SEARCH));
        for (Neighbour n : near) {
          add(scores, sources, new Hit(type, n.entityId()), n.similarity(), "content");
        }
      }
    }
    List<Hit> best =
        scores.entrySet().stream()
            .sorted(Map.Entry.<Hit, Double>comparingByValue().reversed())
            .limit(count)
            .map(Map.Entry::getKey)
            .toList();
    var out = new ArrayList<SimilarItem>();
    var byType = new LinkedHashMap<String, List<UUID>>();
    best.forEach(h -> byType.computeIfAbsent(h.type(), t -> new ArrayList<>()).add(h.id()));
    var cards = new LinkedHashMap<Hit, FeedStore.Card>();
    byType.forEach(
        (type, ids) ->
            store.cards(db, type, ids).forEach((id, c) -> cards.put(new Hit(type, id), c)));
    for (Hit h : best) {
      FeedStore.Card card = cards.get(h);
      if (card != null) {
        out.add(
            new SimilarItem(
                h.type(),
                h.id(),
                card.name(),
                card.genres(),
                Math.max(0, Math.min(1, scores.get(h))),
                List.copyOf(sources.get(h))));
      }
    }
    out.sort(Comparator.comparingDouble(SimilarItem::score).reversed());
    return out;
  }

  private static void add(
      Map<Hit, Double> scores,
      Map<Hit, Set<String>> sources,
      Hit hit,
      double score,
      String source) {
    scores.merge(hit, score, Math::max);
    sources.computeIfAbsent(hit, h -> new TreeSet<>()).add(source);
  }
}
