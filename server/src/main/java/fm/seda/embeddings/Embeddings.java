package fm.seda.embeddings;

import fm.seda.regions.Region;

/**
 * The embeddings facade. One call embeds a request's texts with the model configured for its region
 * and purpose, under the spend cap and the residency rules, and records what it cost.
 */
public interface Embeddings {

  /**
   * Embeds the request's items, all with one model, in order.
   *
   * @throws InvalidEmbeddingInput when an item is empty or too long (never a zero vector)
   */
  EmbeddingOutcome embed(EmbeddingRequest request);

  /** The month's spend against the cap, and the enforcement level it puts us at. */
  SpendStatus spendStatus();

  /**
   * Whether EU data can be processed in the EU now: an EU-located provider of the EU catalog space
   * answers a probe (a fixed text, nothing personal). Decides when an EU outage is over and what
   * was processed outside the EU meanwhile can be redone and purged.
   */
  boolean euPathAvailable();

  /** The model that serves {@code purpose} in {@code region} right now. */
  ModelSpace space(Region region, Purpose purpose);

  /** Which provider, model and dimension vectors come from; vectors compare only within a space. */
  record ModelSpace(String providerName, String provider, String model, int dim) {}
}
