package fm.seda.recommendations.internal;

import fm.seda.accounts.Accounts;
import fm.seda.accounts.GenresChosen;
import fm.seda.events.FeedbackRecorded;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.regions.ResidencyMoved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * When feeds are ranked besides on request: nightly for every user of a region ({@value #ALL},
 * architecture §15 C), and soon after a user's signals change ({@value #ONE}, a coalesced job: §15
 * D's "small incremental re-rank"), so the next request finds a fresh feed stored.
 */
@Configuration(proxyBeanMethods = false)
class FeedJobs {

  static final String ONE = "rank-feed";
  static final String ALL = "rank-feeds-all";
  static final String PURGE = "purge-expired-recommendations";
  private static final int PAGE = 500;

  /**
   * Below every id in PostgreSQL's order, which compares a uuid's bytes unsigned: the nil uuid.
   * (Java's {@code UUID.compareTo} is signed, and its smallest uuid, 8000…, is half way up
   * PostgreSQL's order: a batch started there skipped every user whose id begins with 0–7.)
   */
  static final UUID BEFORE_EVERY_ID = new UUID(0, 0);

  /** The nightly job's progress key for the last user of the last page it stored. */
  static final String RESUME_AFTER = "after";

  private static final Logger log = LoggerFactory.getLogger(FeedJobs.class);

  /**
   * Events that change what a user should see next. Impressions alone do not (re-ranking on every
   * feed view would defeat the cache); dismissals act through the dismissal filter at once.
   */
  static final Set<String> RERANKING_EVENTS =
      Set.of(
          "rec_click",
          "join_room",
          "leave_room",
          "listen_30s",
          "track_skip",
          "follow_artist",
          "unfollow_artist",
          "save_playlist",
          "unsave_playlist");

  private final FeedService feeds;
  private final FeedStore store;
  private final Accounts accounts;
  private final Jobs jobs;
  private final RegionRouter regions;
  private final RankingProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  FeedJobs(
      FeedService feeds,
      FeedStore store,
      Accounts accounts,
      Jobs jobs,
      RegionRouter regions,
      RankingProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.meters = meters;
    this.feeds = feeds;
    this.store = store;
    this.accounts = accounts;
    this.jobs = jobs;
    this.regions = regions;
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener
  void on(FeedbackRecorded recorded) {
    if (recorded.eventTypes().stream().noneMatch(RERANKING_EVENTS::contains)) {
      return;
    }
    feeds.signalsChanged(recorded.userId(), recorded.residency());
    jobs.enqueueUnlessWaiting(
        recorded.residency().region(), ONE, Map.of("user_id", recorded.userId().toString()));
  }

  /**
   * Other genres are another taste: the stored feed, ranked for the old ones, is ranked again on
   * the next request (the taste vector is recomputed by the candidates module in the same request).
   */
  @EventListener
  void on(GenresChosen chosen) {
    feeds.signalsChanged(chosen.userId(), chosen.residency());
  }

  /**
   * The user's data moved to another region's database, where the feed was ranked with the other
   * region's model: it is ranked again there on the next request.
   */
  @EventListener
  void on(ResidencyMoved moved) {
    feeds.signalsChanged(moved.userId(), moved.to());
  }

  /**
   * Not at first start: feeds are ranked on request anyway, and ranking a large world's every user
   * takes far longer than a start should spend (docs/BENCHMARKS.md).
   */
  @Bean
  RecurringJob nightlyFeedRanking() {
    return RecurringJob.everyRegionFromNextPeriod(ALL, Duration.ofHours(24));
  }

  @Bean
  RecurringJob dailyRecommendationPurge() {
    return RecurringJob.everyRegion(PURGE, Duration.ofHours(24));
  }

  @Bean
  JobHandler purgeExpiredRecommendations() {
    // essential: without it the nightly batch adds millions of rows a day on large worlds
    return JobHandler.of(PURGE, true, job -> purge(regions.database(job.region())));
  }

  /** Deletes recommendation rows expired longer ago than {@code seda.ranking.row-retention}. */
  long purge(RegionalDatabase db) {
    long deleted = store.purgeExpired(db, clock.instant().minus(properties.rowRetention()), 10_000);
    log.info(
        "Purged {} recommendation rows of {} expired more than {} ago",
        deleted,
        db.region().code(),
        properties.rowRetention());
    return deleted;
  }

  @Bean
  JobHandler rankOneFeed() {
    // essential: ranking spends nothing on embeddings
    return JobHandler.of(
        ONE,
        true,
        job -> {
          UUID userId = UUID.fromString(String.valueOf(job.payload().get("user_id")));
          accounts.byId(userId).ifPresent(a -> feeds.rank(a, "home", "real-time"));
        });
  }

  @Bean
  JobHandler rankAllFeeds() {
    // essential, like the one-user re-rank
    return JobHandler.of(
        ALL,
        true,
        job ->
            rankAll(
                regions.database(job.region()),
                resumePoint(job),
                last -> jobs.saveProgress(job, Map.of(RESUME_AFTER, last.toString()))));
  }

  /**
   * Where a run of the nightly job starts: after the last user of the last page it stored, when a
   * stop or a crash interrupted it before (the job keeps that as its progress), else at the first.
   */
  static UUID resumePoint(Job job) {
    Object after = job.progress().get(RESUME_AFTER);
    if (after == null) {
      return BEFORE_EVERY_ID;
    }
    try {
      return UUID.fromString(after.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "job " + job.id() + " has a malformed " + RESUME_AFTER + " in its progress: " + after, e);
    }
  }

  /**
   * Ranks every live user's home feed in {@code db} after {@code after}, a page of users at a time
   * in id order: each page's context is read in bulk while the page before it is ranked, its users
   * ranked {@code seda.ranking.batch-threads} at a time, and its feeds written in one transaction;
   * one failure skips a user. Each stored page's last user goes to {@code pageStored}, the point a
   * later run resumes from.
   */
  void rankAll(RegionalDatabase db, UUID after, Consumer<UUID> pageStored) {
    if (!after.equals(BEFORE_EVERY_ID)) {
      log.info("Nightly feeds in {}: resuming after user {}", db.region().code(), after);
    }
    long start = System.nanoTime();
    int ranked = 0;
    int failed = 0;
    // feeds ranked by nightly batches since start, for dashboards and the batch benchmark
    Counter rankedTotal =
        Counter.builder("seda_feed_batch_ranked")
            .description("Feeds ranked and stored by the nightly batch")
            .tag("region", db.region().code())
            .register(meters);
    // reading a page (a dozen queries, the collaborative lists of 500 users) left the ranking
    // threads idle; read one page ahead instead
    try (var pool = Executors.newFixedThreadPool(properties.batchThreadCount());
        var reader = Executors.newSingleThreadExecutor()) {
      Future<FeedService.PageContext> next = reader.submit(() -> readPage(db, after));
      while (true) {
        FeedService.PageContext page = awaitPage(next);
        if (page.accounts().isEmpty()) {
          break;
        }
        UUID last = page.accounts().getLast().id();
        next = reader.submit(() -> readPage(db, last));
        FeedService.PageResult result = feeds.rankPage(page, "batch", pool);
        pageStored.accept(last);
        ranked += result.ranked();
        failed += result.failed();
        rankedTotal.increment(result.ranked());
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        log.info(
            "Nightly feeds in {}: {} ranked, {} failed so far ({} s, {} feeds/s)",
            db.region().code(),
            ranked,
            failed,
            seconds,
            seconds == 0 ? ranked : ranked / seconds);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("nightly feed ranking interrupted", e);
    }
  }

  private FeedService.PageContext readPage(RegionalDatabase db, UUID after) {
    return feeds.readPage(accounts.page(db, after, PAGE), "home");
  }

  private static FeedService.PageContext awaitPage(Future<FeedService.PageContext> page)
      throws InterruptedException {
    try {
      return page.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure; // the job fails as if the page had been read here, and is retried
      }
      throw new IllegalStateException("reading a page of users failed", e.getCause());
    }
  }
}
