package fm.seda.candidates.internal;

import fm.seda.accounts.Account;
import fm.seda.candidates.CandidateRequest;
import fm.seda.candidates.collaborative.ServingModel;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.regions.Region;
import fm.seda.social.FriendSignal;
import fm.seda.social.SuggestedPerson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one user that the sources and features share, read once per request.
 *
 * @param excluded items no source may propose: what the user already has (followed artists, saved
 *     playlists), the request's exclusions, and the user themself
 * @param taste the taste vector, if the user has one in the region's current space
 * @param tasteMeta where the taste vector came from (provider, model, region)
 * @param suggestedPeople friends of friends, when people were asked for
 * @param linkedProviders the music providers the user linked
 * @param model the collaborative model version this request uses throughout (hot swaps do not
 *     change it mid-request)
 * @param collaborativeUser the user folded into {@code model}, if they have interactions it knows
 * @param collaborativeTop the user's best items of {@code model} (that very version) per type, when
 *     computed for a whole page of users at once (the nightly batch); null to scan for this user
 *     alone
 * @param pageItems the facts and popularity of items already read for this user's page (the nightly
 *     batch); null when ranked alone
 */
public record UserContext(
    Account account,
    Region region,
    CandidateRequest request,
    List<Interaction> interactions,
    Set<UUID> excluded,
    float @Nullable [] taste,
    @Nullable EmbeddingMeta tasteMeta,
    List<FriendSignal> friendSignals,
    List<SuggestedPerson> suggestedPeople,
    Set<String> linkedProviders,
    @Nullable ServingModel model,
    float @Nullable [] collaborativeUser,
    CollaborativeSource.@Nullable Prefetched collaborativeTop,
    @Nullable PageItems pageItems) {

  public UUID userId() {
    return account.id();
  }

  static Set<UUID> excluded(Account account, CandidateRequest request, List<Interaction> seen) {
    var excluded = owned(account, seen);
    excluded.addAll(request.exclude());
    return excluded;
  }

  /** What the user already has (followed artists, saved playlists), and the user themself. */
  static Set<UUID> owned(Account account, List<Interaction> seen) {
    var owned = new HashSet<UUID>();
    seen.stream().filter(Interaction::owned).forEach(i -> owned.add(i.entityId()));
    owned.add(account.id());
    return owned;
  }

  /** The genres to filter popularity by: the request's, else the user's onboarding genres. */
  public Set<String> genreScope() {
    return request.genres().isEmpty()
        ? Set.copyOf(account.preferences().genres())
        : request.genres();
  }
}
