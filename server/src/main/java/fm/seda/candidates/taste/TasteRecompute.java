package fm.seda.candidates.taste;

import fm.seda.accounts.GenresChosen;
import fm.seda.embeddings.EmbeddingJobs;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobDeferred;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.ResidencyMoved;
import fm.seda.vectors.TemporaryVectorsPurged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * When taste vectors are computed: at once when a user chooses genres (so the first feed has a
 * taste to search with), for one user when their signals change (a coalesced {@value #ONE} job),
 * and for everyone in a region nightly ({@value #ALL}), which also catches the decay of old
 * signals.
 */
@Configuration(proxyBeanMethods = false)
class TasteRecompute {

  static final String ONE = TasteVectors.RECOMPUTE_JOB;
  static final String ALL = TasteVectors.RECOMPUTE_ALL_JOB;
  private static final int PAGE = 500;
  private static final Logger log = LoggerFactory.getLogger(TasteRecompute.class);

  private final TasteVectors tastes;
  private final Jobs jobs;

  TasteRecompute(TasteVectors tastes, Jobs jobs) {
    this.tastes = tastes;
    this.jobs = jobs;
  }

  /** Computed in the request that chose the genres; on failure, queued and retried. */
  @EventListener
  void on(GenresChosen chosen) {
    try {
      tastes.recompute(chosen.userId(), chosen.residency());
    } catch (RuntimeException e) {
      log.warn(
          "Taste vector of a new user not computed at once, queued instead: {}", e.getMessage());
      enqueue(chosen.userId(), chosen.residency());
    }
  }

  /**
   * Taste vectors are not moved between regions: each region computes them from its own catalog
   * vectors (its own model), so the new region computes the user's now.
   */
  @EventListener
  void on(ResidencyMoved moved) {
    enqueue(moved.userId(), moved.to());
  }

  /**
   * Taste vectors an EU outage had processed outside the EU were purged: they are computed again,
   * now on the EU path.
   */
  @EventListener
  void on(TemporaryVectorsPurged purged) {
    if (purged.entityType().equals(TasteVectors.ENTITY_TYPE)) {
      purged.owners().forEach(owner -> enqueue(owner, purged.region().residency()));
    }
  }

  /** Queues a recompute for one user, unless one is already waiting. */
  void enqueue(UUID userId, DataResidency residency) {
    jobs.enqueueUnlessWaiting(residency.region(), ONE, Map.of("user_id", userId.toString()));
  }

  @Bean
  RecurringJob nightlyTasteRecompute() {
    return RecurringJob.everyRegion(ALL, Duration.ofHours(24));
  }

  @Bean
  JobHandler tasteRecomputeOne() {
    return new JobHandler() {
      @Override
      public String kind() {
        return ONE;
      }

      @Override
      public boolean essential() {
        return false;
      }

      @Override
      public void run(Job job) {
        UUID userId = UUID.fromString(String.valueOf(job.payload().get("user_id")));
        try {
          tastes.recompute(userId, job.region().residency());
        } catch (TasteUnavailable e) {
          throw new JobDeferred(Duration.ofMinutes(5), e.getMessage());
        }
      }
    };
  }

  @Bean
  JobHandler tasteRecomputeAll() {
    return new JobHandler() {
      @Override
      public String kind() {
        return ALL;
      }

      @Override
      public boolean essential() {
        return false;
      }

      @Override
      public void run(Job job) {
        long embedding =
            jobs.depths().stream()
                .filter(d -> d.region().equals(job.region().code()))
                .filter(d -> d.kind().equals(EmbeddingJobs.CATALOG))
                .mapToLong(d -> d.queued() + d.running())
                .sum();
        if (embedding > 0) {
          // tastes are means of catalog vectors: computed now, they would miss the new items
          throw new JobDeferred(
              Duration.ofMinutes(1), embedding + " catalog embedding jobs still to run");
        }
        recomputeAll(job.region());
      }
    };
  }

  /** Every live user of the region, a page at a time; a failed page does not stop the others. */
  void recomputeAll(Region region) {
    long start = System.nanoTime();
    int done = 0;
    int failed = 0;
    UUID after = new UUID(0, 0); // the smallest uuid in PostgreSQL's (unsigned) order
    List<UUID> page;
    while (!(page = tastes.usersAfter(region, after, PAGE)).isEmpty()) {
      try {
        done += tastes.recompute(region, page).size();
      } catch (RuntimeException e) {
        failed += page.size();
        log.warn("Taste recompute of a page of {} users failed: {}", page.size(), e.getMessage());
      }
      after = page.getLast();
      log.info(
          "Nightly taste recompute in {}: {} taste vectors so far, {} users failed",
          region.code(),
          done,
          failed);
    }
    log.info(
        "Nightly taste recompute in {} finished: {} taste vectors in {} s, {} users failed",
        region.code(),
        done,
        (System.nanoTime() - start) / 1_000_000_000,
        failed);
  }
}
