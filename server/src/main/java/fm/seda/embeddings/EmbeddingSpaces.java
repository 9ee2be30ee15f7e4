package fm.seda.embeddings;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The rule that keeps nearest-neighbour search meaningful: vectors of different dimensions (or of
 * different models) never share one ANN space. Vector stores call this before they index.
 */
public final class EmbeddingSpaces {

  private EmbeddingSpaces() {}

  /** Refused: vectors of more than one dimension were about to be mixed. */
  public static final class MixedDimensions extends IllegalStateException {
    public MixedDimensions(String message) {
      super(message);
    }
  }

  /**
   * Throws {@link MixedDimensions}, naming the dimensions and models involved, unless every meta
   * has the same dimension. Models of the same dimension may share a space: that is the seed's
   * pre-approved same-dimension failover (OpenAI to Cohere at 1536-d); each vector's meta still
   * says which model made it.
   */
  public static void requireOneSpace(String space, Collection<EmbeddingMeta> metas) {
    var dims =
        metas.stream()
            .map(EmbeddingMeta::dim)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    var models =
        metas.stream()
            .map(m -> m.provider() + "/" + m.model())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    if (dims.size() > 1) {
      throw new MixedDimensions(
          "refusing to mix vectors in the ANN space '"
              + space
              + "': dimensions "
              + dims
              + " from models "
              + models
              + "; one space holds one dimension (re-embed with one model, or keep a separate space)");
    }
  }
}
