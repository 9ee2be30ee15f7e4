package fm.seda.embeddings.internal;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingSpaces;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores vectors with their {@code embedding_meta} in {@code entity_vectors} of the data's region,
 * as pgvector {@code vector} or plain {@code real[]} depending on the database. Before writing it
 * checks the entity type's existing vectors: a different dimension is refused ({@link
 * EmbeddingSpaces}), never silently mixed into the ANN space.
 */
@Component
class VectorWriter {

  private final RegionRouter regions;
  private final JsonMapper json;
  private final Map<Region, String> storage = new EnumMap<>(Region.class);

  VectorWriter(RegionRouter regions, JsonMapper json) {
    this.regions = regions;
    this.json = json;
  }

  void write(Region region, List<EmbeddingInput> items, List<float[]> vectors, EmbeddingMeta meta) {
    RegionalDatabase db = regions.database(region);
    for (String entityType : items.stream().map(EmbeddingInput::entityType).distinct().toList()) {
      var metas = new ArrayList<EmbeddingMeta>();
      metas.add(meta);
      db.jdbc()
          .sql(
              "SELECT DISTINCT embedding_meta->>'provider', embedding_meta->>'model', (embedding_meta->>'dim')::int"
                  + " FROM entity_vectors WHERE entity_type = ? AND deleted_at IS NULL LIMIT 10")
          .param(entityType)
          .query(
              (rs, n) ->
                  metas.add(
                      new EmbeddingMeta(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getInt(3),
                          region.code(),
                          "",
                          meta.computedAt(),
                          null)))
          .list();
      EmbeddingSpaces.requireOneSpace(entityType + "/" + region.code(), metas);
    }
    String metaJson = json.writeValueAsString(meta);
    boolean pgvector = "pgvector".equals(storage(db));
    String cast = pgvector ? "?::vector" : "?::real[]";
    db.template()
        .batchUpdate(
            "INSERT INTO entity_vectors (entity_type, entity_id, owner_user_id, embedding, embedding_meta) VALUES (?, ?, ?, "
                + cast
                + ", ?::jsonb) ON CONFLICT (entity_type, entity_id) DO UPDATE SET embedding = EXCLUDED.embedding,"
                + " embedding_meta = EXCLUDED.embedding_meta, owner_user_id = EXCLUDED.owner_user_id,"
                + " updated_at = now(), deleted_at = NULL",
            IntStream.range(0, items.size()).boxed().toList(),
            500,
            (ps, i) -> {
              ps.setString(1, items.get(i).entityType());
              ps.setObject(2, items.get(i).entityId());
              ps.setObject(3, items.get(i).ownerUserId());
              ps.setString(4, literal(vectors.get(i), pgvector));
              ps.setString(5, metaJson);
            });
  }

  private String storage(RegionalDatabase db) {
    return storage.computeIfAbsent(
        db.region(),
        r -> db.jdbc().sql("SELECT kind FROM vector_storage").query(String.class).single());
  }

  /** '[0.1,0.2]' for pgvector, '{0.1,0.2}' for real[]. */
  static String literal(float[] v, boolean pgvector) {
    var sb = new StringBuilder(v.length * 10).append(pgvector ? '[' : '{');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(v[i]);
    }
    return sb.append(pgvector ? ']' : '}').toString();
  }
}
