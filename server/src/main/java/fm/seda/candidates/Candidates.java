package fm.seda.candidates;

import fm.seda.accounts.Account;
import fm.seda.candidates.collaborative.CollaborativeTraining;
import fm.seda.candidates.internal.CandidatePipeline;
import fm.seda.candidates.internal.ItemKey;
import fm.seda.candidates.popularity.PopularityRefresh;
import fm.seda.candidates.taste.TasteVectors;
import fm.seda.jobs.Jobs;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.vectors.FetchedVector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The candidate-generation facade: what the ranking and feed ask for. */
@Service
public class Candidates {

  private final CandidatePipeline pipeline;
  private final TasteVectors tastes;
  private final CollaborativeTraining training;
  private final PopularityRefresh popularity;
  private final Jobs jobs;

  Candidates(
      CandidatePipeline pipeline,
      TasteVectors tastes,
      CollaborativeTraining training,
      PopularityRefresh popularity,
      Jobs jobs) {
    this.pipeline = pipeline;
    this.tastes = tastes;
    this.training = training;
    this.popularity = popularity;
    this.jobs = jobs;
  }

  /**
   * Candidates for the user from every source, merged, each with all its features. Unordered in any
   * meaningful sense: ranking them is the re-ranker's job.
   */
  public List<Candidate> generate(Account account, CandidateRequest request) {
    return propose(account, request).candidates();
  }

  /** The same candidates as {@link #generate}, with the inputs a ranking names in its reasons. */
  public CandidateSet propose(Account account, CandidateRequest request) {
    return pipeline.generate(account, request);
  }

  /**
   * Candidate generation for many users of one residency, their context read for all at once (the
   * nightly batch); requests on the page ask for at most {@code maxPerSource} per source.
   *
   * @throws IllegalArgumentException if the accounts are not all of one residency
   */
  public CandidatePage page(List<Account> accounts, int maxPerSource) {
    return pipeline.page(accounts, maxPerSource);
  }

  /** The user's taste vector in their region's current catalog space, if they have one. */
  public Optional<FetchedVector> tasteVector(UUID userId, DataResidency residency) {
    return tastes.find(userId, residency);
  }

  /** Recomputes and stores the user's taste vector now (the nightly job does it for everyone). */
  public Optional<FetchedVector> recomputeTaste(UUID userId, DataResidency residency) {
    return tastes.recompute(userId, residency);
  }

  /**
   * The user's signals changed (an import, in-app events): their taste vector is recomputed soon,
   * coalescing bursts. Collaborative scores need nothing: the user is folded in per request.
   */
  public void signalsChanged(UUID userId, DataResidency residency) {
    jobs.enqueueUnlessWaiting(
        residency.region(), TasteVectors.RECOMPUTE_JOB, Map.of("user_id", userId.toString()));
  }

  /**
   * The items most similar to one item by the collaborative model of {@code region} (item–item
   * similarity from the factors), optionally only of {@code entityType}; empty when the model does
   * not know the item or there is no model yet.
   */
  public List<SimilarItem> similarItems(
      Region region, String itemType, UUID itemId, @Nullable String entityType, int n) {
    if (n < 1 || n > CandidateRequest.MAX_PER_SOURCE) {
      throw new IllegalArgumentException(
          "n must be 1.." + CandidateRequest.MAX_PER_SOURCE + ", got " + n);
    }
    return training
        .current(region)
        .map(
            model -> {
              int index = model.indexOf(new ItemKey(itemType, itemId));
              if (index < 0) {
                return List.<SimilarItem>of();
              }
              // ask for more when filtering by type, since other types are dropped afterwards
              int ask = entityType == null ? n : Math.min(model.items().size(), n * 10);
              return model.model().similarItems(index, ask).stream()
                  .map(
                      s -> {
                        ItemKey key = model.items().get(s.item());
                        return new SimilarItem(key.entityType(), key.entityId(), s.score());
                      })
                  .filter(s -> entityType == null || s.entityType().equals(entityType))
                  .limit(n)
                  .toList();
            })
        .orElse(List.of());
  }

  /** Trains and swaps in a new collaborative model for {@code region} now (operators, tests). */
  public TrainingReport trainCollaborative(Region region) {
    return training.train(region);
  }

  /** The version of the collaborative model serving {@code region}, if any. */
  public Optional<String> collaborativeModelVersion(Region region) {
    return training.current(region).map(m -> m.version());
  }

  /** Queues a training run for {@code region}; the job queue runs it on any node. */
  public UUID enqueueTraining(Region region) {
    return jobs.enqueue(region, CollaborativeTraining.KIND, Map.of());
  }

  /** Queues a popularity refresh (it covers both regions). */
  public UUID enqueuePopularityRefresh() {
    return jobs.enqueue(Region.US, PopularityRefresh.KIND, Map.of());
  }

  /**
   * After a bulk import (a demo seed, a migration): queues a taste recompute of everyone and a
   * model training in each region, and a popularity refresh, instead of waiting for the nightly and
   * hourly runs. The taste recompute waits for the region's catalog vectors to be computed.
   */
  public void rebuildAfterImport() {
    for (Region region : Region.values()) {
      jobs.enqueueUnlessWaiting(region, TasteVectors.RECOMPUTE_ALL_JOB, Map.of());
      jobs.enqueueUnlessWaiting(region, CollaborativeTraining.KIND, Map.of());
    }
    jobs.enqueueUnlessWaiting(Region.US, PopularityRefresh.KIND, Map.of());
  }

  /** Per region: the serving model and the popularity table's freshness. */
  public List<SourcesStatus> status() {
    return java.util.Arrays.stream(Region.values()).map(this::status).toList();
  }

  private SourcesStatus status(Region region) {
    var model = training.current(region);
    var popularityRow = popularity.freshness(region);
    return new SourcesStatus(
        region.code(),
        model.map(m -> m.version()).orElse(null),
        model.map(m -> m.trainedAt()).orElse(null),
        model.map(m -> m.items().size()).orElse(0),
        training.storedVersions(region),
        popularityRow.computedAt(),
        popularityRow.items());
  }

  /** Recomputes popularity and trending now (operators, tests); returns the items written. */
  public int refreshPopularity() {
    return popularity.refresh();
  }
}
