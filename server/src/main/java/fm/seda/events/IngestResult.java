package fm.seda.events;

/**
 * What {@link Events#record} did with a batch: {@code accepted} events were new and are now stored
 * durably; {@code duplicates} had idempotency keys the user had already sent and changed nothing.
 * The two add up to the batch's size.
 */
public record IngestResult(int accepted, int duplicates) {}
