package fm.seda.recommendations;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One recommended item as a card.
 *
 * @param recommendationId the {@code recommendations} row: what impressions, clicks, dismissals and
 *     {@code GET /recommendations/{id}/why} refer to
 * @param reason a short truthful sentence naming what ranked it
 * @param reasonKind the signal behind the reason: content, collaborative, social or popularity
 * @param action what the card's button does: join (rooms), save (playlists), follow (artists,
 *     people)
 * @param live rooms only: someone is playing now
 * @param participants rooms only: listeners in it now
 */
public record FeedItem(
    UUID recommendationId,
    String entityType,
    UUID entityId,
    String name,
    List<String> genres,
    @Nullable String imageUrl,
    int rank,
    double score,
    String reason,
    String reasonKind,
    boolean novel,
    FriendAvatars friends,
    String action,
    @Nullable Boolean live,
    @Nullable Integer participants) {

  public FeedItem {
    genres = List.copyOf(genres);
  }
}
