package fm.seda.recommendations.internal;

import fm.seda.accounts.Account;
import fm.seda.events.Events;
import fm.seda.events.FeedbackEvent;
import fm.seda.recommendations.Block;
import fm.seda.recommendations.DismissMode;
import fm.seda.recommendations.Dismissal;
import fm.seda.regions.RegionalDatabase;
import fm.seda.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Dismiss, undo and block (architecture §8): a dismissal is stored per item, so it outlives the
 * feed it was made in, and the user's cached feed is dropped at once, so the very next request
 * leaves the item out. Undo is possible for {@value #UNDO_SECONDS} seconds (the snackbar); after
 * that a "never" is reversed through the blocks list, and the others end by themselves.
 */
@Service
public class Dismissals {

  public static final int UNDO_SECONDS = 10;
  static final Duration UNDO_WINDOW = Duration.ofSeconds(UNDO_SECONDS);

  private final FeedStore store;
  private final FeedService feeds;
  private final Events events;
  private final Clock clock;

  Dismissals(FeedStore store, FeedService feeds, Events events, Clock clock) {
    this.store = store;
    this.feeds = feeds;
    this.events = events;
    this.clock = clock;
  }

  /** Dismisses a recommended item; recorded as a {@code rec_dismiss} event. */
  public Dismissal dismiss(Account account, UUID recommendationId, DismissMode mode) {
    RegionalDatabase db = feeds.db(account);
    FeedStore.StoredRow row = ownRow(db, account, recommendationId);
    Instant now = clock.instant();
    Instant until = mode.lasts().map(now::plus).orElse(null);
    FeedStore.DismissalRow d = store.dismiss(db, account.id(), row, mode, now, until);
    feeds.evict(account.id(), account.dataResidency());
    record(account, "rec_dismiss", d, now, properties(row, mode));
    return toDismissal(d, recommendationId);
  }

  /** Undoes a dismissal within the window; recorded as a {@code rec_dismiss_undo} event. */
  public Dismissal undo(Account account, UUID recommendationId) {
    RegionalDatabase db = feeds.db(account);
    FeedStore.StoredRow row = ownRow(db, account, recommendationId);
    FeedStore.DismissalRow d =
        store
            .activeDismissal(db, account.id(), recommendationId)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "nothing-to-undo",
                        "recommendation " + recommendationId + " has no active dismissal"));
    Instant now = clock.instant();
    if (now.isAfter(d.dismissedAt().plus(UNDO_WINDOW))) {
      String after =
          d.mode() == DismissMode.NEVER
              ? "remove the block with DELETE /me/blocks/" + d.entityType() + "/" + d.entityId()
              : "it comes back by itself at " + d.until();
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "undo-window-passed",
          "Too late to undo",
          "a dismissal can be undone within "
              + UNDO_SECONDS
              + " s; this one was made at "
              + d.dismissedAt()
              + "; "
              + after);
    }
    store.revoke(db, d, "undo", now);
    feeds.evict(account.id(), account.dataResidency());
    record(account, "rec_dismiss_undo", d, now, properties(row, d.mode()));
    return toDismissal(d, recommendationId);
  }

  public List<Block> blocks(Account account) {
    RegionalDatabase db = feeds.db(account);
    List<FeedStore.DismissalRow> rows =
        db.asUser(account.id(), j -> store.blocks(db, account.id())); // row-level security
    var names = new java.util.HashMap<UUID, String>();
    rows.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                FeedStore.DismissalRow::entityType,
                java.util.stream.Collectors.mapping(
                    FeedStore.DismissalRow::entityId, java.util.stream.Collectors.toList())))
        .forEach(
            (type, ids) -> store.cards(db, type, ids).forEach((id, c) -> names.put(id, c.name())));
    var blocks = new ArrayList<Block>(rows.size());
    for (FeedStore.DismissalRow row : rows) {
      blocks.add(FeedStore.toBlock(row, names.get(row.entityId())));
    }
    return blocks;
  }

  /** Removes a "never" block; the item may be recommended again from the next ranking. */
  public void unblock(Account account, String entityType, UUID entityId) {
    RegionalDatabase db = feeds.db(account);
    FeedStore.DismissalRow block =
        store
            .block(db, account.id(), entityType, entityId)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "block-not-found",
                        "no block on "
                            + entityType
                            + " "
                            + entityId
                            + "; GET /me/blocks lists them"));
    store.revoke(db, block, "unblock", clock.instant());
    feeds.signalsChanged(account);
  }

  private FeedStore.StoredRow ownRow(RegionalDatabase db, Account account, UUID recommendationId) {
    return store
        .row(db, recommendationId)
        .filter(r -> r.userId().equals(account.id()))
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "recommendation-not-found",
                    "no recommendation " + recommendationId + " in your feeds"));
  }

  /** One event per dismissal and per undo: the dismissal's id makes the key unique. */
  private void record(
      Account account,
      String type,
      FeedStore.DismissalRow d,
      Instant at,
      Map<String, Object> properties) {
    events.record(account, List.of(new FeedbackEvent(type, type + ":" + d.id(), at, properties)));
  }

  private static Map<String, Object> properties(FeedStore.StoredRow row, DismissMode mode) {
    return Map.of(
        "recommendation_id", row.id().toString(),
        "entity_type", row.entityType(),
        "entity_id", row.entityId().toString(),
        "surface", row.context().surface(),
        "mode", mode.code());
  }

  private static Dismissal toDismissal(FeedStore.DismissalRow d, UUID recommendationId) {
    return new Dismissal(
        recommendationId,
        d.entityType(),
        d.entityId(),
        d.mode(),
        d.dismissedAt(),
        d.until(),
        d.dismissedAt().plus(UNDO_WINDOW));
  }
}
