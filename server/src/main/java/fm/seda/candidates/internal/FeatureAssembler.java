package fm.seda.candidates.internal;

import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateFeatures;
import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.candidates.popularity.ItemPopularity;
import fm.seda.candidates.popularity.PopularityStore;
import fm.seda.engine.simd.Dot;
import fm.seda.regions.Region;
import fm.seda.social.FriendSignal;
import fm.seda.social.SuggestedPerson;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.StoredVectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Fills every feature of every candidate, whichever source proposed it, with one query per entity
 * type and feature family (never one per candidate). Catalog candidates whose item is deleted or
 * unknown are dropped here.
 */
@Component
class FeatureAssembler {

  static final Duration ROOM_RECENCY_HALF_LIFE = Duration.ofDays(7);
  static final Duration ITEM_RECENCY_HALF_LIFE = Duration.ofDays(30);

  private final StoredVectors vectors;
  private final PopularityStore popularity;
  private final CatalogFacts catalog;

  FeatureAssembler(StoredVectors vectors, PopularityStore popularity, CatalogFacts catalog) {
    this.vectors = vectors;
    this.popularity = popularity;
    this.catalog = catalog;
  }

  List<Candidate> assemble(
      UserContext user, Map<ItemKey, Map<CandidateSource, Double>> proposed, Instant now) {
    // plain loops: as streams, this grouping and the sets below were ~4 % of a batch feed's time
    var byType = new HashMap<String, List<Map.Entry<ItemKey, Map<CandidateSource, Double>>>>();
    for (var entry : proposed.entrySet()) {
      byType.computeIfAbsent(entry.getKey().entityType(), t -> new ArrayList<>()).add(entry);
    }
    Set<String> providers = providersOf(user);
    Map<ItemKey, Friends> friends = friends(user);
    var known = new HashSet<ItemKey>();
    var followed = new HashSet<UUID>();
    for (Interaction i : user.interactions()) {
      known.add(new ItemKey(i.entityType(), i.entityId()));
      if (i.kind() == Interaction.Kind.FOLLOW) {
        followed.add(i.entityId());
      }
    }
    // a suggested person's friend count is the mutual friends: counted, never listed (who is
    // whose friend is the friends' own business)
    Map<UUID, Integer> mutual =
        user.suggestedPeople().stream()
            .collect(Collectors.toMap(SuggestedPerson::userId, SuggestedPerson::mutualFriends));
    float[] taste = user.taste();
    double tasteNorm = taste == null ? 0 : Math.sqrt(Dot.dot(taste, taste));
    var candidates = new ArrayList<Candidate>(proposed.size());
    for (var group : byType.entrySet()) {
      String type = group.getKey();
      boolean person = type.equals("person");
      List<Map.Entry<ItemKey, Map<CandidateSource, Double>>> entries = group.getValue();
      // read in the entries' order: a map by id cost a put and a get per candidate
      PageItems.Reads[] reads =
          person ? people(user.region(), entries) : reads(user, type, entries);
      for (int e = 0; e < entries.size(); e++) {
        var entry = entries.get(e);
        ItemKey key = entry.getKey();
        UUID id = key.entityId();
        PageItems.Reads read = reads[e];
        ItemFacts fact = read == null ? null : read.facts();
        if (!person && fact == null) {
          continue; // deleted, or not in the catalog at all
        }
        Map<CandidateSource, Double> scores = entry.getValue();
        Friends f = friends.getOrDefault(key, Friends.NONE);
        ItemPopularity pop = read == null ? null : read.popularity();
        float[] vector = read == null ? null : read.vector();
        var features =
            new CandidateFeatures(
                similarity(scores, vector, read == null ? 0 : read.norm(), taste, tasteNorm),
                collaborative(user, key, scores),
                f.presentNow().size(),
                person ? mutual.getOrDefault(id, 0) : f.all().size(),
                List.copyOf(f.named()),
                person ? 0.5 : recency(type, fact, now),
                pop == null ? 0 : pop.popularity(),
                pop == null ? 0 : pop.trending(),
                person ? 0.5 : providerAffinity(type, fact, providers));
        candidates.add(
            new Candidate(
                type,
                id,
                person ? List.of() : fact.genres(),
                features,
                scores,
                known.contains(key) || (fact != null && byAFollowedArtist(fact, followed)),
                vector));
      }
    }
    return candidates;
  }

  /**
   * People's taste vectors, as their reads (they have no catalog facts or popularity), in the
   * entries' order; null where a person has none.
   */
  private PageItems.@Nullable Reads[] people(
      Region region, List<? extends Map.Entry<ItemKey, ?>> entries) {
    var ids = new ArrayList<UUID>(entries.size());
    entries.forEach(e -> ids.add(e.getKey().entityId()));
    Map<UUID, FetchedVector> tastes = vectors.fetch(region, "user_taste", ids);
    var found = new PageItems.Reads[entries.size()];
    for (int e = 0; e < found.length; e++) {
      FetchedVector v = tastes.get(ids.get(e));
      found[e] = v == null ? null : new PageItems.Reads(null, null, v.vector(), norm(v));
    }
    return found;
  }

  private static double norm(FetchedVector v) {
    return Math.sqrt(Dot.dot(v.vector(), v.vector()));
  }

  /**
   * The facts, popularity and vectors of the catalog items of {@code type}, in the entries' order:
   * from the user's page when it has them, else from the caches (and then kept for the page).
   */
  private PageItems.Reads[] reads(
      UserContext user,
      String type,
      List<Map.Entry<ItemKey, Map<CandidateSource, Double>>> entries) {
    PageItems page = user.pageItems();
    var found = new PageItems.Reads[entries.size()];
    var missingAt = new ArrayList<Integer>();
    var missing = new ArrayList<UUID>();
    for (int e = 0; e < found.length; e++) {
      ItemKey key = entries.get(e).getKey();
      PageItems.Reads read = page == null ? null : page.get(key);
      if (read == null) {
        missingAt.add(e);
        missing.add(key.entityId());
      } else {
        found[e] = read;
      }
    }
    if (!missing.isEmpty()) {
      Map<UUID, ItemFacts> facts = catalog.of(user.region(), type, missing);
      Map<UUID, ItemPopularity> pops = popularity.of(user.region(), type, missing);
      // a page's users share its items, and the ranker takes the vectors from the candidates; one
      // user's ranking reads only those the similarity needs (content scored its own), and the
      // ranker the few it compares: every candidate's would be hundreds more reads per feed with
      // the default vector cache, for nothing
      var needed = new ArrayList<UUID>(missing.size());
      for (int m = 0; m < missing.size(); m++) {
        if (page != null
            || !entries.get(missingAt.get(m)).getValue().containsKey(CandidateSource.CONTENT)) {
          needed.add(missing.get(m));
        }
      }
      Map<UUID, FetchedVector> vectorsOf = vectors.fetch(user.region(), type, needed);
      for (int m = 0; m < missing.size(); m++) {
        UUID id = missing.get(m);
        FetchedVector v = vectorsOf.get(id);
        var read =
            new PageItems.Reads(
                facts.get(id),
                pops.get(id),
                v == null ? null : v.vector(),
                v == null ? 0 : norm(v));
        int e = missingAt.get(m);
        found[e] = read;
        if (page != null) {
          page.put(entries.get(e).getKey(), read);
        }
      }
    }
    return found;
  }

  private static boolean byAFollowedArtist(ItemFacts fact, Set<UUID> followed) {
    if (!followed.isEmpty()) {
      for (UUID artist : fact.artists()) {
        if (followed.contains(artist)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The content source's own score when it proposed the item (the same cosine, from the index),
   * else the cosine of the item's vector and the user's taste; 0 when either is missing or they are
   * of different spaces (a model switch in progress).
   */
  static double similarity(
      Map<CandidateSource, Double> scores,
      float @Nullable [] vector,
      double norm,
      float @Nullable [] taste,
      double tasteNorm) {
    Double content = scores.get(CandidateSource.CONTENT);
    if (content != null) {
      return content;
    }
    if (vector == null || taste == null || vector.length != taste.length) {
      return 0;
    }
    return norm == 0 || tasteNorm == 0 ? 0 : Dot.dot(vector, taste) / (norm * tasteNorm);
  }

  /**
   * The model's estimate for the item, 0..1: the collaborative source's own score when it proposed
   * the item (the same dot product of the same vectors), else computed here.
   */
  private static double collaborative(
      UserContext user, ItemKey key, Map<CandidateSource, Double> scores) {
    Double proposed = scores.get(CandidateSource.COLLABORATIVE);
    if (proposed != null) {
      return Math.max(0, Math.min(1, proposed));
    }
    ServingModel model = user.model();
    if (model == null || user.collaborativeUser() == null) {
      return 0;
    }
    int index = model.indexOf(key);
    if (index < 0) {
      return 0;
    }
    return Math.max(0, Math.min(1, model.model().score(user.collaborativeUser(), index)));
  }

  /** Live rooms are as fresh as it gets; other items fade with age (rooms since last update). */
  static double recency(String type, ItemFacts fact, Instant now) {
    if (type.equals("room")) {
      return fact.live() ? 1 : halfLives(fact.updatedAt(), now, ROOM_RECENCY_HALF_LIFE);
    }
    return halfLives(fact.createdAt(), now, ITEM_RECENCY_HALF_LIFE);
  }

  private static double halfLives(Instant at, Instant now, Duration halfLife) {
    double age = Math.max(0, Duration.between(at, now).toSeconds());
    return Math.pow(2, -age / halfLife.toSeconds());
  }

  /**
   * 1 when the item is on a provider the user prefers or linked, 0 when it is only elsewhere, 0.5
   * when the user has no provider or the item is in-app (seda playlists, rooms) or unmapped.
   */
  static double providerAffinity(String type, ItemFacts fact, Set<String> providers) {
    if (providers.isEmpty() || type.equals("room")) {
      return 0.5;
    }
    Set<String> on =
        type.equals("playlist")
            ? (fact.provider() == null || fact.provider().equals("seda")
                ? Set.of()
                : Set.of(fact.provider()))
            : fact.providers();
    if (on.isEmpty()) {
      return 0.5;
    }
    return on.stream().anyMatch(providers::contains) ? 1 : 0;
  }

  /** The providers the user prefers or linked. */
  private static Set<String> providersOf(UserContext user) {
    var providers = new HashSet<>(user.linkedProviders());
    String preferred = user.account().preferences().preferredProvider();
    if (preferred != null && !preferred.equalsIgnoreCase("none")) {
      providers.add(preferred.toLowerCase(Locale.ROOT));
    }
    return providers;
  }

  private record Friends(Set<UUID> all, Set<UUID> presentNow, Set<UUID> named) {
    static final Friends NONE = new Friends(Set.of(), Set.of(), Set.of());
  }

  private static Map<ItemKey, Friends> friends(UserContext user) {
    var byKey = new HashMap<ItemKey, Friends>();
    for (FriendSignal s : user.friendSignals()) {
      Friends f =
          byKey.computeIfAbsent(
              new ItemKey(s.entityType(), s.entityId()),
              k -> new Friends(new HashSet<>(), new HashSet<>(), new LinkedHashSet<>()));
      f.all().add(s.friendId());
      if (s.kind() == FriendSignal.Kind.PRESENT_NOW) {
        f.presentNow().add(s.friendId());
      }
      if (s.named()) {
        f.named().add(s.friendId());
      }
    }
    return byKey;
  }
}
