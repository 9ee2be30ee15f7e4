package fm.seda.candidates.taste;

/** A taste vector cannot be computed now (the embeddings service deferred or refused). */
public class TasteUnavailable extends RuntimeException {
  public TasteUnavailable(String message) {
    super(message);
  }
}
