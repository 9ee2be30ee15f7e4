package fm.seda.events;

import fm.seda.regions.DataResidency;
import java.util.Set;
import java.util.UUID;

/**
 * New feedback of a user was stored and committed: their cached feed is stale and a small re-rank
 * may follow. Published once per batch that inserted at least one new event (a replayed batch
 * publishes nothing), after the transaction committed, on the thread that recorded the batch.
 *
 * <p>Because it is published outside any transaction, listen with {@code @EventListener} (and
 * {@code @Async} if the work is slow). A plain {@code @TransactionalEventListener} or Modulith's
 * {@code @ApplicationModuleListener} would never see it unless it sets {@code fallbackExecution =
 * true}. A listener that throws does not fail the ingestion (the events are already durable); the
 * failure is logged.
 *
 * @param eventTypes the types of the newly stored events in the batch
 */
public record FeedbackRecorded(UUID userId, DataResidency residency, Set<String> eventTypes) {

  public FeedbackRecorded {
    eventTypes = Set.copyOf(eventTypes);
  }
}
