package fm.seda.residency.internal;

import fm.seda.jobs.JobHandler;
import fm.seda.jobs.RecurringJob;
import fm.seda.overrides.Overrides;
import fm.seda.regions.DataResidency;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.residency.Residency;
import fm.seda.residency.ResidencySignal;
import fm.seda.residency.ResidencySource;
import fm.seda.residency.ResidencyStatus;
import fm.seda.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Applies residency signals: records one, decides again, and when residency changes, the move job
 * takes it from there ({@link ResidencyMover}). Also expires admin overrides on time.
 */
@Configuration(proxyBeanMethods = false)
public class ResidencyChanges {

  private static final Logger log = LoggerFactory.getLogger(ResidencyChanges.class);
  static final String EXPIRE_OVERRIDES_JOB = "expire-residency-overrides";

  private final ResidencyStore store;
  private final ResidencyMover mover;
  private final RegionRouter regions;
  private final Clock clock;

  ResidencyChanges(ResidencyStore store, ResidencyMover mover, RegionRouter regions, Clock clock) {
    this.store = store;
    this.mover = mover;
    this.regions = regions;
    this.clock = clock;
  }

  public ResidencyStatus status(UUID userId, ResidencyStatus.@Nullable Suggestion suggestion) {
    ResidencyStore.Located user = located(userId);
    return new ResidencyStatus(
        userId,
        user.residency(),
        user.source(),
        user.changedAt(),
        user.moving(),
        store.latestMoveJob(user.db(), userId).orElse(null),
        store.signals(user.db(), userId),
        suggestion,
        Residency.CONFIRMATION_PHRASES);
  }

  /**
   * Records {@code source}'s word (replacing its previous one) and applies what it decides.
   *
   * @param override the executed override behind an admin override, else null
   */
  public ResidencyStatus record(
      UUID userId,
      ResidencySource source,
      DataResidency residency,
      String actor,
      @Nullable String evidence,
      Overrides.@Nullable Executed override,
      @Nullable UUID actorId,
      String reason) {
    ResidencyStore.Located user = located(userId);
    if (user.moving()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "residency-move-in-progress",
          "Residency move in progress",
          "this account's data is being moved to the "
              + user.residency().code()
              + " region; change its residency again once the move is done (GET the residency"
              + " until moving is false)");
    }
    Instant now = clock.instant();
    if (source == ResidencySource.USER_DECLARED) {
      refuseIfOutranked(user, residency, now);
    }
    var signal =
        new ResidencySignal(
            source,
            residency,
            actor,
            evidence,
            override == null ? null : override.id(),
            now,
            override == null ? null : override.expiresAt());
    ResidencyStore.Applied applied =
        store.apply(
            user,
            signals -> {
              var kept = new ArrayList<ResidencySignal>();
              signals.stream().filter(s -> s.source() != source).forEach(kept::add);
              kept.add(signal);
              return kept;
            },
            actorId,
            reason,
            now);
    logChange(userId, applied, reason);
    return status(userId, null);
  }

  /** A user's declaration cannot beat verified billing or an admin override in force. */
  private void refuseIfOutranked(ResidencyStore.Located user, DataResidency wanted, Instant now) {
    for (ResidencySignal s : store.signals(user.db(), user.userId())) {
      if (s.liveAt(now)
          && s.source().outranks(ResidencySource.USER_DECLARED)
          && s.residency() != wanted) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "residency-set-by-" + s.source().code().replace('_', '-'),
            "Residency decided elsewhere",
            "your data residency is "
                + s.residency().code()
                + " by "
                + (s.source() == ResidencySource.BILLING
                    ? "your billing contract"
                    : "an administrative override until " + s.expiresAt())
                + ", which takes precedence over a declaration; contact support to change it");
      }
    }
  }

  private ResidencyStore.Located located(UUID userId) {
    return store
        .locate(userId)
        .orElseThrow(() -> ApiProblem.notFound("account-not-found", "no account " + userId));
  }

  private static void logChange(UUID userId, ResidencyStore.Applied applied, String reason) {
    if (applied.moveJobId() != null) {
      log.info(
          "Residency of user {} changed from {} to {} ({}; {}): move job {} queued",
          userId,
          applied.from().code(),
          applied.to().code(),
          applied.source().code(),
          reason,
          applied.moveJobId());
    }
  }

  /**
   * Admin overrides that ran out: the override's signal is dropped and the other signals decide
   * again, which may move the user back.
   */
  int expireOverrides(Region region) {
    Instant now = clock.instant();
    int expired = 0;
    for (UUID userId : store.expiredOverrides(regions.database(region), now)) {
      var user = store.locate(userId);
      if (user.isEmpty() || user.get().moving()) {
        continue; // a move is under way: the next run sees the override again
      }
      ResidencyStore.Applied applied =
          store.apply(
              user.get(),
              signals ->
                  signals.stream()
                      .filter(s -> s.source() != ResidencySource.ADMIN_OVERRIDE)
                      .toList(),
              null,
              "admin override expired",
              now);
      logChange(userId, applied, "admin override expired");
      expired++;
    }
    return expired;
  }

  @Bean
  JobHandler residencyMoveHandler() {
    return mover.handler();
  }

  @Bean
  RecurringJob residencyOverrideExpiry() {
    return RecurringJob.everyRegion(EXPIRE_OVERRIDES_JOB, Duration.ofMinutes(5));
  }

  @Bean
  JobHandler residencyOverrideExpiryHandler() {
    return JobHandler.of(EXPIRE_OVERRIDES_JOB, true, job -> expireOverrides(job.region()));
  }
}
