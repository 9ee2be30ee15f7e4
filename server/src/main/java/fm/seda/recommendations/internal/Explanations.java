package fm.seda.recommendations.internal;

import fm.seda.accounts.Account;
import fm.seda.recommendations.Explanation;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.web.ApiProblem;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** "Why" for one stored recommendation: read back from the row's context, never recomputed. */
@Service
public class Explanations {

  private final FeedStore store;
  private final RegionRouter regions;

  Explanations(FeedStore store, RegionRouter regions) {
    this.store = store;
    this.regions = regions;
  }

  public Explanation of(Account caller, UUID recommendationId) {
    boolean admin = caller.isAdmin();
    RegionalDatabase own = regions.forResidency(caller.dataResidency());
    // a user's read runs under row-level security too: the database shows them their own rows only
    Optional<FeedStore.StoredRow> row =
        (admin
                ? store.row(own, recommendationId)
                : own.asUser(caller.id(), j -> store.row(own, recommendationId)))
            .filter(r -> admin || r.userId().equals(caller.id()));
    if (row.isEmpty() && admin) {
      for (RegionalDatabase db : regions.all()) {
        row = row.or(() -> store.row(db, recommendationId));
      }
    }
    FeedStore.StoredRow r =
        row.orElseThrow(
            () ->
                ApiProblem.notFound(
                    "recommendation-not-found", "no recommendation " + recommendationId));
    RowContext c = r.context();
    return new Explanation(
        r.id(),
        r.userId(),
        r.entityType(),
        r.entityId(),
        c.item().name(),
        c.item().rank(),
        r.score(),
        c.item().reason(),
        c.item().reasonKind(),
        c.weights(),
        c.signals(),
        c.contributions(),
        c.modifier(),
        c.redundancy(),
        c.diversityPenalty(),
        c.item().novel(),
        c.sources(),
        c.features(),
        c.variant(),
        r.modelVersion(),
        r.source(),
        r.createdAt(),
        r.expiresAt());
  }
}
