package fm.seda.events;

import fm.seda.accounts.Account;
import fm.seda.candidates.Candidates;
import fm.seda.events.internal.EventStore;
import fm.seda.events.internal.EventType;
import fm.seda.events.internal.EventValidator;
import fm.seda.events.internal.EventsProperties;
import fm.seda.events.internal.ValidEvent;
import fm.seda.regions.DataResidency;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events facade: records a user's feedback exactly once and durably, and reports recommendation
 * quality per surface.
 */
@Service
public class Events {

  /**
   * Every event type {@link #record} accepts: {@code rec_impression}, {@code rec_click}, {@code
   * rec_dismiss}, {@code rec_dismiss_undo} (about a recommended item: {@code entity_type} any of
   * room/playlist/artist/person, {@code entity_id}, {@code recommendation_id}, optional {@code
   * surface}, {@code novel}); {@code join_room}, {@code leave_room} (a room); {@code listen_30s},
   * {@code track_skip} (an artist, playlist or room); {@code follow_artist}, {@code
   * unfollow_artist} (an artist); {@code save_playlist}, {@code unsave_playlist} (a playlist);
   * {@code provider_linked}, {@code provider_unlinked} ({@code provider}: spotify or apple). The
   * one list with each type's rules is {@code internal.EventType}.
   */
  public static final Set<String> KNOWN_TYPES = EventType.NAMES;

  /** The most events per batch; more is refused with 413. */
  public static final int MAX_BATCH = EventValidator.MAX_BATCH;

  /** The largest {@code properties} of one event, in bytes of JSON. */
  public static final int MAX_PROPERTIES_BYTES = EventValidator.MAX_PROPERTIES_BYTES;

  /** How far ahead of the server's clock an event's {@code occurred_at} may be. */
  public static final Duration CLOCK_SKEW = EventValidator.CLOCK_SKEW;

  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final RegionRouter regions;
  private final EventStore store;
  private final EventValidator validator;
  private final EventsProperties properties;
  private final Candidates candidates;
  private final ApplicationEventPublisher publisher;
  private final Clock clock = Clock.systemUTC();

  Events(
      RegionRouter regions,
      EventStore store,
      EventsProperties properties,
      Candidates candidates,
      ApplicationEventPublisher publisher,
      JsonMapper json) {
    this.regions = regions;
    this.store = store;
    this.validator = new EventValidator(json);
    this.properties = properties;
    this.candidates = candidates;
    this.publisher = publisher;
  }

  /**
   * Records a batch of the account's events.
   *
   * <ol>
   *   <li>Validates every event; any invalid one refuses the whole batch with an {@code ApiProblem}
   *       (400, or 413 for more than {@value #MAX_BATCH} events) naming its index, and nothing is
   *       stored.
   *   <li>In one transaction of the account's regional database, committed before this returns (its
   *       own, even if the caller has one open): stores the events whose idempotency keys the user
   *       has not sent before, and applies exactly those to the activity summary.
   *   <li>After the commit, if anything was new: asks for the user's taste vector to be recomputed
   *       when a new event changes taste ({@link Candidates#signalsChanged}), and publishes {@link
   *       FeedbackRecorded}. Failures there are logged, not thrown: the events are already durable,
   *       and a client told otherwise would only resend them.
   * </ol>
   *
   * A replayed batch therefore returns {@code accepted 0, duplicates n} and changes nothing.
   */
  public IngestResult record(Account account, List<FeedbackEvent> events) {
    List<ValidEvent> valid = validator.validate(events, clock.instant(), properties.retention());
    RegionalDatabase db = regions.forResidency(account.dataResidency());
    List<ValidEvent> inserted = store.insert(db, account.id(), valid);
    if (!inserted.isEmpty()) {
      afterCommit(account, inserted);
    }
    return new IngestResult(inserted.size(), valid.size() - inserted.size());
  }

  private void afterCommit(Account account, List<ValidEvent> inserted) {
    var types = new LinkedHashSet<String>();
    boolean tasteChanged = false;
    for (ValidEvent e : inserted) {
      types.add(e.type().wire());
      tasteChanged |= EventType.changesTaste(e.type());
    }
    try {
      if (tasteChanged) {
        candidates.signalsChanged(account.id(), account.dataResidency());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Taste recompute not queued after new events (the nightly run will): {}", e.toString());
    }
    try {
      publisher.publishEvent(new FeedbackRecorded(account.id(), account.dataResidency(), types));
    } catch (RuntimeException e) {
      log.warn("A FeedbackRecorded listener failed; the events are stored", e);
    }
  }

  /**
   * The items shown to the user ({@code rec_impression}) after {@code since}: one row per item,
   * kept as impressions arrive, so a heavy user's thousands of impressions are not read per
   * ranking.
   */
  public Set<UUID> shownSince(UUID userId, DataResidency residency, Instant since) {
    return store.seenSince(regions.forResidency(residency), userId, since);
  }

  /**
   * As {@link #shownSince(UUID, DataResidency, Instant)} for many users of one residency at once,
   * by user (users shown nothing are absent).
   */
  public Map<UUID, Set<UUID>> shownSince(
      Collection<UUID> userIds, DataResidency residency, Instant since) {
    return userIds.isEmpty()
        ? Map.of()
        : store.seenSince(regions.forResidency(residency), userIds, since);
  }

  /**
   * Recommendation quality per surface from both regions' events that occurred at or after {@code
   * since}: every surface seen, or only {@code surface} (then exactly one entry, with zero counts
   * if it has no events). Definitions: {@link SurfaceMetrics}.
   */
  public List<SurfaceMetrics> metrics(@Nullable String surface, Instant since) {
    return store.metrics(surface, since);
  }
}
