package fm.seda.candidates;

import java.util.List;
import java.util.UUID;

/**
 * What the re-ranker knows about a candidate. Every feature is filled for every candidate,
 * whichever source proposed it (a socially proposed room still gets its embedding similarity), so
 * weights act on comparable numbers.
 *
 * @param embeddingSimilarity cosine of the user's taste vector and the item's vector, -1..1; 0 when
 *     either is missing
 * @param collaborativeScore the ALS preference estimate for the user, clamped to 0..1; 0 without a
 *     model or interactions
 * @param friendPresenceCount friends in this room right now (rooms only)
 * @param friendCount distinct friends with any signal on the item (present, joined, follow, save),
 *     or mutual friends for a person
 * @param namedFriends friends who may be shown by name, a subset of those counted: friends who hide
 *     their presence are counted and never listed here
 * @param recency how fresh the item is, 0..1: 1 for a live room, decaying with age otherwise
 * @param popularity 0..1, time-decayed in-app interactions blended with the catalog's popularity
 * @param trending ln of the recent against the baseline interaction rate: > 0 rising
 * @param providerAffinity 0..1: 1 when the item is on the user's preferred (or linked) provider, 0
 *     when it is not, 0.5 when the user has none or the item is provider-neutral
 */
public record CandidateFeatures(
    double embeddingSimilarity,
    double collaborativeScore,
    int friendPresenceCount,
    int friendCount,
    List<UUID> namedFriends,
    double recency,
    double popularity,
    double trending,
    double providerAffinity) {

  public CandidateFeatures {
    namedFriends = List.copyOf(namedFriends);
  }
}
