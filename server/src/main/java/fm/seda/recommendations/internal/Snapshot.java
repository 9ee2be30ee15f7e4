package fm.seda.recommendations.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@code feed_snapshots} row: which batch of recommendations is a user's feed, and until when.
 */
record Snapshot(
    UUID batchId,
    String source,
    Instant computedAt,
    Instant expiresAt,
    boolean stale,
    FeedHeader header) {

  boolean servable(Instant now) {
    return !stale && now.isBefore(expiresAt);
  }
}
