package fm.seda.candidates.internal;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidatePage;
import fm.seda.candidates.CandidateRequest;
import fm.seda.candidates.CandidateSet;
import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.collaborative.CollaborativeModels;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.candidates.taste.TasteUnavailable;
import fm.seda.candidates.taste.TasteVectors;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.social.FriendSignal;
import fm.seda.social.SocialGraph;
import fm.seda.social.SuggestedPerson;
import fm.seda.vectors.FetchedVector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the sources for one user and merges what they propose: a candidate proposed by several
 * sources is one candidate with each source's score. Reads the user's context once (interactions,
 * taste, friends, the collaborative model version) and shares it.
 */
@Component
public class CandidatePipeline {

  /** How far back a friend's room join counts as "recent". */
  static final Duration FRIEND_WINDOW = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(CandidatePipeline.class);

  private final RegionRouter regions;
  private final ActivitySignals activity;
  private final TasteVectors tastes;
  private final SocialGraph social;
  private final CollaborativeModels models;
  private final List<CandidateGenerator> generators;
  private final FeatureAssembler features;
  private final MeterRegistry meters;
  private final Clock clock = Clock.systemUTC();

  CandidatePipeline(
      RegionRouter regions,
      ActivitySignals activity,
      TasteVectors tastes,
      SocialGraph social,
      CollaborativeModels models,
      List<CandidateGenerator> generators,
      FeatureAssembler features,
      MeterRegistry meters) {
    this.regions = regions;
    this.activity = activity;
    this.tastes = tastes;
    this.social = social;
    this.models = models;
    this.generators = List.copyOf(generators);
    this.features = features;
    this.meters = meters;
  }

  /** Times one stage: {@code seda_candidates_stage_seconds{stage=...}} (P50/P95/P99). */
  private <T> T timed(String stage, Supplier<T> work) {
    return Timer.builder("seda.candidates.stage")
        .description("Time per candidate-generation stage and source")
        .tag("stage", stage)
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(meters)
        .record(work);
  }

  public CandidateSet generate(Account account, CandidateRequest request) {
    return generate(timed("context", () -> context(account, request, readOne(account, request))));
  }

  /**
   * Reads the context of a page of users, all of one residency, in a few queries; each user's
   * candidates are then proposed from it (the nightly batch: a dozen fewer queries per user).
   *
   * @param maxPerSource the most candidates per source any request on the page asks for
   * @throws IllegalArgumentException if the accounts are not all of one residency
   */
  public CandidatePage page(List<Account> accounts, int maxPerSource) {
    Map<UUID, Account> members = new HashMap<>();
    accounts.forEach(a -> members.put(a.id(), a));
    if (accounts.stream().map(Account::dataResidency).distinct().count() > 1) {
      throw new IllegalArgumentException("a candidate page holds users of one residency only");
    }
    if (accounts.isEmpty()) {
      return (account, request) -> {
        throw new IllegalArgumentException("user " + account.id() + " is not on this page");
      };
    }
    DataResidency residency = accounts.getFirst().dataResidency();
    RegionalDatabase db = regions.forResidency(residency);
    List<UUID> ids = List.copyOf(members.keySet());
    Map<UUID, List<Interaction>> interactions = activity.of(db, ids);
    Map<UUID, FetchedVector> storedTastes = tastes.find(residency.region(), ids);
    Map<UUID, List<UUID>> friends = social.friendsOf(ids, residency);
    Set<UUID> allFriends = new HashSet<>();
    friends.values().forEach(allFriends::addAll);
    Map<UUID, List<FriendSignal>> signals = social.signalsByFriend(allFriends, FRIEND_WINDOW);
    Map<UUID, List<SuggestedPerson>> people = social.friendsOfFriends(friends, maxPerSource);
    Map<UUID, Set<String>> providers = LinkedProviders.of(db, ids);
    Map<UUID, CollaborativeSource.Prefetched> collaborative =
        timed(
            "collaborative_page",
            () -> prefetchCollaborative(residency.region(), accounts, interactions, maxPerSource));
    var pageItems = new PageItems();
    return (account, request) -> {
      UUID id = account.id();
      if (!members.containsKey(id)) {
        throw new IllegalArgumentException("user " + id + " is not on this page");
      }
      if (request.perSource() > maxPerSource) {
        throw new IllegalArgumentException(
            "this page was read for at most " + maxPerSource + " candidates per source");
      }
      List<UUID> theirFriends = friends.getOrDefault(id, List.of());
      var friendSignals = new ArrayList<FriendSignal>();
      theirFriends.forEach(f -> friendSignals.addAll(signals.getOrDefault(f, List.of())));
      List<SuggestedPerson> suggested =
          wantsPeople(request)
              ? people.getOrDefault(id, List.of()).stream().limit(request.perSource()).toList()
              : List.of();
      var reads =
          new Reads(
              interactions.getOrDefault(id, List.of()),
              Optional.ofNullable(storedTastes.get(id)),
              friendSignals,
              suggested,
              providers.getOrDefault(id, Set.of()),
              collaborative.get(id),
              pageItems);
      return generate(timed("context", () -> context(account, request, reads)));
    };
  }

  private CandidateSet generate(UserContext user) {
    var merged = new HashMap<ItemKey, Map<CandidateSource, Double>>();
    for (CandidateGenerator generator : generators) {
      timed(
              generator.source().name().toLowerCase(java.util.Locale.ROOT),
              () -> generator.propose(user))
          .forEach(
              (key, score) ->
                  merged
                      .computeIfAbsent(key, k -> new EnumMap<>(CandidateSource.class))
                      .put(generator.source(), score));
    }
    List<Candidate> assembled =
        timed("features", () -> features.assemble(user, merged, clock.instant()));
    // each candidate's best source score once, not in every comparison (that was 4 % of a batch
    // feed's JVM samples)
    record ByBest(Candidate candidate, double best) {}
    List<Candidate> candidates =
        assembled.stream()
            .map(
                c ->
                    new ByBest(
                        c,
                        c.sourceScores().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)))
            .sorted(
                Comparator.comparingDouble((ByBest b) -> -b.best())
                    .thenComparing(b -> b.candidate().entityType())
                    .thenComparing(b -> b.candidate().entityId()))
            .map(ByBest::candidate)
            .toList();
    return new CandidateSet(
        candidates,
        user.tasteMeta(),
        user.model() == null ? null : user.model().version(),
        strongest(user.interactions(), "artist", CandidateSet.STRONGEST));
  }

  /** The items of one type the user's signals weigh most (summed per item), strongest first. */
  static List<UUID> strongest(List<Interaction> interactions, String entityType, int n) {
    var strength = new HashMap<UUID, Double>();
    for (Interaction i : interactions) {
      if (i.entityType().equals(entityType)) {
        strength.merge(i.entityId(), i.strength(), Double::sum);
      }
    }
    return strength.entrySet().stream()
        .sorted(
            Map.Entry.<UUID, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** What a user's context reads per user, one user at a time or for a page at once. */
  private record Reads(
      List<Interaction> interactions,
      Optional<FetchedVector> storedTaste,
      List<FriendSignal> friendSignals,
      List<SuggestedPerson> people,
      Set<String> linkedProviders,
      CollaborativeSource.@Nullable Prefetched collaborative,
      @Nullable PageItems pageItems) {}

  private static boolean wantsPeople(CandidateRequest request) {
    return request.entityTypes().contains("person");
  }

  private Reads readOne(Account account, CandidateRequest request) {
    RegionalDatabase db = regions.forResidency(account.dataResidency());
    List<UUID> friendIds = social.friendsOf(account.id(), account.dataResidency());
    return new Reads(
        activity.of(db, account.id()),
        tastes.find(account.id(), account.dataResidency()),
        social.signalsOfFriends(friendIds, FRIEND_WINDOW),
        wantsPeople(request)
            ? social.friendsOfFriends(account.id(), friendIds, request.perSource())
            : List.of(),
        LinkedProviders.of(db, List.of(account.id())).getOrDefault(account.id(), Set.of()),
        null,
        null);
  }

  /**
   * The page's collaborative lists, scored for all its users together; empty without a model. Users
   * are folded in from their interactions in the order {@link #context} uses, so that each gets the
   * vector a request of their own would.
   */
  private Map<UUID, CollaborativeSource.Prefetched> prefetchCollaborative(
      Region region,
      List<Account> accounts,
      Map<UUID, List<Interaction>> interactions,
      int perSource) {
    ServingModel model = models.current(region).orElse(null);
    if (model == null) {
      return Map.of();
    }
    var folded = new HashMap<UUID, float[]>();
    var owned = new HashMap<UUID, Set<UUID>>();
    for (Account account : accounts) {
      List<Interaction> theirs =
          interactions.getOrDefault(account.id(), List.of()).stream()
              .sorted(INTERACTION_ORDER)
              .toList();
      float[] vector = foldIn(model, theirs);
      if (vector != null) {
        folded.put(account.id(), vector);
        owned.put(account.id(), UserContext.owned(account, theirs));
      }
    }
    return CollaborativeSource.prefetch(model, folded, owned, perSource);
  }

  /**
   * Signals and interactions in a fixed order, whichever way they were read: the database returns
   * rows in no particular order, and summing strengths or naming friends in another order would
   * make the same user's candidates differ by a rounding error or a friend's face.
   */
  private static final Comparator<Interaction> INTERACTION_ORDER =
      Comparator.comparing(Interaction::entityType)
          .thenComparing(Interaction::entityId)
          .thenComparing(Interaction::kind)
          .thenComparingDouble(Interaction::strength);

  private static final Comparator<FriendSignal> SIGNAL_ORDER =
      Comparator.comparing(FriendSignal::kind)
          .thenComparing(FriendSignal::friendId)
          .thenComparing(FriendSignal::entityType)
          .thenComparing(FriendSignal::entityId);

  private UserContext context(Account account, CandidateRequest request, Reads reads) {
    Region region = account.dataResidency().region();
    List<Interaction> interactions =
        reads.interactions().stream().sorted(INTERACTION_ORDER).toList();
    List<FriendSignal> friendSignals = reads.friendSignals().stream().sorted(SIGNAL_ORDER).toList();
    Optional<FetchedVector> taste =
        reads.storedTaste().isPresent() ? reads.storedTaste() : recomputeTaste(account);
    ServingModel model = models.current(region).orElse(null);
    CollaborativeSource.Prefetched prefetched = reads.collaborative();
    boolean usePrefetched = prefetched != null && prefetched.model() == model;
    return new UserContext(
        account,
        region,
        request,
        interactions,
        UserContext.excluded(account, request, interactions),
        taste.map(FetchedVector::vector).orElse(null),
        taste.map(FetchedVector::meta).orElse(null),
        friendSignals,
        reads.people(),
        reads.linkedProviders(),
        model,
        usePrefetched ? prefetched.user() : model == null ? null : foldIn(model, interactions),
        usePrefetched ? prefetched : null,
        reads.pageItems());
  }

  /** A taste vector computed now, for a user without one (who chose genres a second ago). */
  private Optional<FetchedVector> recomputeTaste(Account account) {
    try {
      return tastes.recompute(account.id(), account.dataResidency());
    } catch (TasteUnavailable e) {
      log.info("No taste vector for a user yet: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private static float[] foldIn(ServingModel model, List<Interaction> interactions) {
    var strengths = new HashMap<Integer, Double>();
    for (Interaction i : interactions) {
      int index = model.indexOf(new ItemKey(i.entityType(), i.entityId()));
      if (index >= 0 && i.strength() > 0) {
        strengths.merge(index, i.strength(), Double::sum);
      }
    }
    if (strengths.isEmpty()) {
      return null;
    }
    int[] items = strengths.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    float[] values = new float[items.length];
    for (int i = 0; i < items.length; i++) {
      values[i] = strengths.get(items[i]).floatValue();
    }
    return model.model().foldIn(items, values);
  }
}
