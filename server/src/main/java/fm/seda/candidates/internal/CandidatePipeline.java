package fm.seda.candidates.internal;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateRequest;
import fm.seda.candidates.CandidateSet;
import fm.seda.candidates.CandidateSource;
import fm.seda.candidates.collaborative.CollaborativeModels;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.candidates.taste.TasteUnavailable;
import fm.seda.candidates.taste.TasteVectors;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
    UserContext user = timed("context", () -> context(account, request));
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
    var candidates =
        new ArrayList<>(timed("features", () -> features.assemble(user, merged, clock.instant())));
    candidates.sort(
        Comparator.comparingDouble(
                (Candidate c) ->
                    -c.sourceScores().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0))
            .thenComparing(Candidate::entityType)
            .thenComparing(Candidate::entityId));
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

  private UserContext context(Account account, CandidateRequest request) {
    Region region = account.dataResidency().region();
    List<Interaction> interactions = activity.of(regions.database(region), account.id());
    Optional<FetchedVector> taste = taste(account);
    List<UUID> friendIds = social.friendsOf(account.id(), account.dataResidency());
    List<FriendSignal> friends = social.signalsOfFriends(friendIds, FRIEND_WINDOW);
    List<SuggestedPerson> people =
        request.entityTypes().contains("person")
            ? social.friendsOfFriends(account.id(), friendIds, request.perSource())
            : List.of();
    ServingModel model = models.current(region).orElse(null);
    return new UserContext(
        account,
        region,
        request,
        interactions,
        UserContext.excluded(account, request, interactions),
        taste.map(FetchedVector::vector).orElse(null),
        taste.map(FetchedVector::meta).orElse(null),
        friends,
        people,
        model,
        model == null ? null : foldIn(model, interactions));
  }

  /** The stored taste vector; computed now when missing (a user who chose genres a second ago). */
  private Optional<FetchedVector> taste(Account account) {
    Optional<FetchedVector> stored = tastes.find(account.id(), account.dataResidency());
    if (stored.isPresent()) {
      return stored;
    }
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
