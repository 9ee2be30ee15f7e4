package fm.seda.recommendations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's feed for one surface.
 *
 * @param source batch (the nightly recompute) or real-time (ranked on request or after a signal)
 * @param fresh false only when ranking failed and the last stored feed is served instead
 * @param novelShare the share of items new to the user (the diversity rule keeps it ≥ 0.3)
 */
public record Feed(
    UUID userId,
    String surface,
    UUID batchId,
    String source,
    Instant computedAt,
    Instant expiresAt,
    boolean fresh,
    String variant,
    double novelShare,
    List<FeedModule> modules) {

  public Feed {
    modules = List.copyOf(modules);
  }

  /** Every item of every module, modules in order. */
  public List<FeedItem> items() {
    return modules.stream().flatMap(m -> m.items().stream()).toList();
  }
}
