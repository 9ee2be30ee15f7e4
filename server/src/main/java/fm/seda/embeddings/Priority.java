package fm.seda.embeddings;

/**
 * How much a computation matters when money is short (engineering spec, spend enforcement).
 *
 * <ul>
 *   <li>{@code CRITICAL}: a user is waiting and has nothing without it (the first feed). Runs even
 *       at 100 % of the cap, on the cheaper model when one is configured, else queued with an ETA.
 *   <li>{@code ON_DEMAND}: a user-triggered refresh. Goes to the cheaper model from 80 %; waits
 *       (queued with an ETA) at 100 %.
 *   <li>{@code BACKGROUND}: non-essential jobs (catalog re-embeds, recomputes, shadow writes).
 *       Throttled from 80 %, refused at 100 %.
 * </ul>
 */
public enum Priority {
  CRITICAL,
  ON_DEMAND,
  BACKGROUND
}
