package fm.seda.recommendations.internal;

import fm.seda.candidates.Candidate;
import fm.seda.candidates.CandidateFeatures;
import fm.seda.engine.ranking.DiversitySelector;
import fm.seda.engine.ranking.DiversitySelector.Choice;
import fm.seda.engine.ranking.DiversitySelector.Selected;
import fm.seda.engine.ranking.LinearScore;
import fm.seda.engine.ranking.LinearScorer;
import fm.seda.engine.ranking.RankingSignals;
import fm.seda.engine.ranking.RankingWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns one user's candidates into ranked modules: each candidate's features become four 0..1
 * signals and two modifiers, the linear scorer scores them with the user's weights, and the
 * diversity selector picks each module from the best-scored candidates of its type.
 *
 * <p>Design note on the signal mapping (it is what the weights act on, so it is defined once,
 * here):
 *
 * <ul>
 *   <li>content = the taste cosine, clamped to 0..1 (an opposite taste is no better than none);
 *   <li>collaborative = the ALS estimate, already 0..1;
 *   <li>social = s / (s + 2) with s = 2 × friends present now + friends with any signal: one friend
 *       in the room gives 0.6, saturating, since the tenth friend adds little to the first;
 *   <li>popularity = 0.7 × popularity + 0.3 × max(0, tanh(trending)): rising items get up to a
 *       third of the signal, falling ones are not punished beyond their popularity;
 *   <li>recency and provider affinity pass through as the scorer's modifiers.
 * </ul>
 *
 * <p>Only the best {@value #POOL_FACTOR}× a module's size enter selection: MMR is quadratic in the
 * pool, and an item ranked below three modules' worth of better items would need a penalty larger
 * than any similarity can give to be picked.
 */
final class FeedRanker {

  static final int POOL_FACTOR = 3;

  private final DiversitySelector selector;

  FeedRanker(DiversitySelector.Options options) {
    this.selector = new DiversitySelector(options);
  }

  DiversitySelector.Options options() {
    return selector.options();
  }

  static RankingSignals signals(CandidateFeatures f) {
    double s = 2.0 * f.friendPresenceCount() + f.friendCount();
    return new RankingSignals(
        clamp(f.embeddingSimilarity()),
        clamp(f.collaborativeScore()),
        s / (s + 2),
        clamp(0.7 * clamp(f.popularity()) + 0.3 * Math.max(0, Math.tanh(f.trending()))),
        clamp(f.recency()),
        clamp(f.providerAffinity()));
  }

  /**
   * Ranks each entity type's candidates into a module of {@code sizes.get(type)} items at most.
   *
   * @param impressed items already shown to the user (not novel)
   * @param vectors the vectors of some items of a type, asked for those of the candidates that came
   *     without one, for similarity between picks; items without one are compared by genre
   */
  Map<String, List<RankedItem>> rank(
      List<Candidate> candidates,
      Set<UUID> impressed,
      RankingWeights weights,
      Map<String, Integer> sizes,
      BiFunction<String, List<UUID>, Map<UUID, float[]>> vectors) {
    var scorer = new LinearScorer(weights);
    Map<String, List<Candidate>> byType =
        candidates.stream().collect(Collectors.groupingBy(Candidate::entityType));
    var modules = new LinkedHashMap<String, List<RankedItem>>();
    for (var size : sizes.entrySet()) {
      List<Candidate> ofType = byType.getOrDefault(size.getKey(), List.of());
      if (size.getValue() == 0 || ofType.isEmpty()) {
        modules.put(size.getKey(), List.of());
        continue;
      }
      record Scored(Candidate candidate, RankingSignals signals, LinearScore score) {}
      List<Scored> pool =
          ofType.stream()
              .map(c -> new Scored(c, signals(c.features()), null))
              .map(s -> new Scored(s.candidate(), s.signals(), scorer.score(s.signals())))
              .sorted(
                  Comparator.comparingDouble((Scored s) -> s.score().total())
                      .reversed()
                      .thenComparing(s -> s.candidate().entityId()))
              .limit((long) size.getValue() * POOL_FACTOR)
              .toList();
      // candidates of a page of users come with their vectors; only those without one are read
      List<UUID> withoutVectors =
          pool.stream()
              .filter(s -> s.candidate().vector() == null)
              .map(s -> s.candidate().entityId())
              .toList();
      Map<UUID, float[]> read =
          withoutVectors.isEmpty() ? Map.of() : vectors.apply(size.getKey(), withoutVectors);
      Function<Candidate, float @Nullable []> vectorOf =
          c -> c.vector() != null ? c.vector() : read.get(c.entityId());
      var choices = new ArrayList<Choice<Scored>>(pool.size());
      for (Scored s : pool) {
        Candidate c = s.candidate();
        choices.add(
            new Choice<>(
                s,
                s.score().total(),
                c.genres().isEmpty() ? c.entityType() : c.genres().getFirst(),
                isNovel(c, impressed),
                vectorOf.apply(c)));
      }
      var ranked = new ArrayList<RankedItem>();
      for (Selected<Scored> picked : selector.select(choices, size.getValue())) {
        Scored s = picked.item();
        ranked.add(
            new RankedItem(
                s.candidate(),
                s.signals(),
                s.score(),
                picked.rank(),
                picked.redundancy(),
                picked.novel(),
                vectorOf.apply(s.candidate())));
      }
      modules.put(size.getKey(), ranked);
    }
    return modules;
  }

  /** New to the user: never interacted with, not by a followed artist, never shown before. */
  static boolean isNovel(Candidate c, Set<UUID> impressed) {
    return !c.familiar() && !impressed.contains(c.entityId());
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
