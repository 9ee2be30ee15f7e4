package fm.seda.embeddings;

/** A text that cannot be embedded: empty, blank or over the configured length. */
public class InvalidEmbeddingInput extends IllegalArgumentException {

  public InvalidEmbeddingInput(String message) {
    super(message);
  }
}
