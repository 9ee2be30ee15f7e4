package fm.seda.regions;

import java.util.UUID;

/**
 * A user's personal rows now live only in the database of {@code to}: the move job copied them,
 * verified the copy and deleted the old one. Listeners drop what they remember about the user's
 * region (account lookups, cached feeds) and rebuild what is region-specific (taste vectors, which
 * each region computes with its own model). Published after the move committed, possibly more than
 * once for one move (a resumed job finishes again): listeners must be idempotent.
 */
public record ResidencyMoved(
    UUID userId, String authSubject, DataResidency from, DataResidency to) {}
