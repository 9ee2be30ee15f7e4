package fm.seda.candidates.taste;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.Embeddings;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.regions.Region;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.StoredVectors;
import fm.seda.vectors.VectorStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Vectors of genre names in each region's catalog space, embedded once and kept as entity type
 * {@value #ENTITY_TYPE}. A new user's first taste vector is the mean of their chosen genres'
 * vectors: only the taxonomy's names are ever sent to a model, never anything about the user, and
 * the result lands in the very space the catalog is searched in.
 */
@Component
public class GenreVectors {

  static final String ENTITY_TYPE = "genre";

  private final Embeddings embeddings;
  private final StoredVectors stored;
  private final VectorStore vectors;

  GenreVectors(Embeddings embeddings, StoredVectors stored, VectorStore vectors) {
    this.embeddings = embeddings;
    this.stored = stored;
    this.vectors = vectors;
  }

  static UUID idOf(String genre) {
    return UUID.nameUUIDFromBytes(("genre:" + genre).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The vectors of {@code genres} in {@code region}'s current catalog space, embedding (at CRITICAL
   * priority: a user waits for the first feed) those not stored yet or stored in an older space.
   *
   * @throws TasteUnavailable when the embeddings service defers or refuses the missing names
   */
  public Map<String, FetchedVector> of(Region region, List<String> genres) {
    Map<UUID, FetchedVector> found =
        stored.fetch(region, ENTITY_TYPE, genres.stream().map(GenreVectors::idOf).toList());
    Embeddings.ModelSpace space = embeddings.space(region, Purpose.CATALOG);
    var result = new LinkedHashMap<String, FetchedVector>();
    var missing = new ArrayList<String>();
    for (String genre : genres) {
      FetchedVector v = found.get(idOf(genre));
      if (v != null && TasteVectors.inSpace(v.meta(), space)) {
        result.put(genre, v);
      } else {
        missing.add(genre);
      }
    }
    if (!missing.isEmpty()) {
      embedAndStore(region, missing).forEach(result::put);
    }
    return result;
  }

  private Map<String, FetchedVector> embedAndStore(Region region, List<String> genres) {
    List<EmbeddingInput> inputs =
        genres.stream().map(g -> new EmbeddingInput(ENTITY_TYPE, idOf(g), null, g)).toList();
    EmbeddingOutcome outcome =
        embeddings.embed(EmbeddingRequest.of(Purpose.CATALOG, region, Priority.CRITICAL, inputs));
    return switch (outcome) {
      case EmbeddingOutcome.Embedded e -> {
        var stored = new ArrayList<StoredVector>();
        var result = new LinkedHashMap<String, FetchedVector>();
        for (int i = 0; i < genres.size(); i++) {
          UUID id = idOf(genres.get(i));
          stored.add(
              new StoredVector(
                  ENTITY_TYPE, id, null, e.vectors().get(i), e.meta(), Set.of(genres.get(i))));
          result.put(genres.get(i), new FetchedVector(id, e.vectors().get(i), e.meta()));
        }
        vectors.upsert(region, stored);
        yield result;
      }
      case EmbeddingOutcome.Deferred d ->
          throw new TasteUnavailable("genre names not embedded yet: " + d.reason());
      case EmbeddingOutcome.Refused r ->
          throw new TasteUnavailable("genre names not embedded: " + r.reason());
    };
  }
}
