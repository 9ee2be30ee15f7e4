package fm.seda.recommendations;

import fm.seda.accounts.Account;
import fm.seda.recommendations.internal.Dismissals;
import fm.seda.recommendations.internal.Explanations;
import fm.seda.recommendations.internal.FeedService;
import fm.seda.recommendations.internal.SimilarItems;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The recommendations facade: feeds, per-user lists, item-to-item, "why", dismissals, blocks. */
@Service
public class Recommendations {

  public static final int UNDO_SECONDS = Dismissals.UNDO_SECONDS;
  public static final int MAX_COUNT = 50;

  private final FeedService feeds;
  private final Dismissals dismissals;
  private final Explanations explanations;
  private final SimilarItems similar;

  Recommendations(
      FeedService feeds, Dismissals dismissals, Explanations explanations, SimilarItems similar) {
    this.feeds = feeds;
    this.dismissals = dismissals;
    this.explanations = explanations;
    this.similar = similar;
  }

  /** The user's feed for {@code surface} (only "home" so far), cached, ranked on a miss. */
  public Feed feed(Account account, String surface) {
    return feeds.feed(account, surface);
  }

  /** The same feed as {@link #feed}, serialised once per cached feed (the API's hot path). */
  public byte[] feedJson(Account account, String surface) {
    return feeds.feedJson(account, surface);
  }

  /** Ranks and stores the user's home feed now ({@code source}: batch or real-time). */
  public Feed rank(Account account, String source) {
    return feeds.rank(account, "home", source);
  }

  /**
   * The user's best {@code count} recommendations, highest score first, from their home feed,
   * optionally only of some entity types and genres (an empty set means any).
   */
  public List<FeedItem> top(
      Account account, int count, Set<String> entityTypes, Set<String> genres) {
    return feeds.feed(account, "home").items().stream()
        .filter(i -> entityTypes.isEmpty() || entityTypes.contains(i.entityType()))
        .filter(i -> genres.isEmpty() || i.genres().stream().anyMatch(genres::contains))
        .sorted(Comparator.comparingDouble(FeedItem::score).reversed())
        .limit(count)
        .toList();
  }

  /** Items like one item, for the user (their dismissed and blocked items left out). */
  public List<SimilarItem> similar(
      Account account, String entityType, UUID entityId, @Nullable String targetType, int count) {
    return similar.of(account, entityType, entityId, targetType, count);
  }

  /** The breakdown of one recommendation; {@code caller} must own it or be an admin. */
  public Explanation why(Account caller, UUID recommendationId) {
    return explanations.of(caller, recommendationId);
  }

  /**
   * Dismisses a recommended item for {@code mode}'s time; the next feed request leaves it out.
   * Recorded as a {@code rec_dismiss} event.
   */
  public Dismissal dismiss(Account account, UUID recommendationId, DismissMode mode) {
    return dismissals.dismiss(account, recommendationId, mode);
  }

  /** Undoes a dismissal made less than {@value #UNDO_SECONDS} s ago. */
  public Dismissal undo(Account account, UUID recommendationId) {
    return dismissals.undo(account, recommendationId);
  }

  public List<Block> blocks(Account account) {
    return dismissals.blocks(account);
  }

  public void unblock(Account account, String entityType, UUID entityId) {
    dismissals.unblock(account, entityType, entityId);
  }
}
