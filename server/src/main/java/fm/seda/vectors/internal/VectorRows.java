package fm.seda.vectors.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.embeddings.EmbeddingSpaces;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.FetchedVector;
import fm.seda.vectors.StoredVector;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows behind both adapters: {@code entity_vectors} of one regional database, whose embedding
 * column is pgvector's {@code vector} or a plain {@code real[]} (see the {@code vector_storage}
 * view). Writes check the space first: a vector whose dimension differs from what the entity type
 * already holds is refused, never mixed in.
 */
@Component
public class VectorRows {

  /** A stored row as the in-process index loads it. */
  public record Row(String entityType, UUID entityId, float[] vector, int dim, Set<String> tags) {}

  /** A vector's key. */
  public record Key(String entityType, UUID entityId) {}

  /** A row changed since a watermark: live (re-index it) or tombstoned (drop it). */
  public record Change(String entityType, UUID entityId, @Nullable Row live, Instant updatedAt) {

    public boolean deleted() {
      return live == null;
    }
  }

  private final JsonMapper json;
  private final Cache<String, EmbeddingMeta> parsedMetas =
      Caffeine.newBuilder().maximumSize(1_000).build();

  VectorRows(JsonMapper json) {
    this.json = json;
  }

  public boolean isPgvector(RegionalDatabase db) {
    return "pgvector"
        .equals(db.jdbc().sql("SELECT kind FROM vector_storage").query(String.class).single());
  }

  /** The dimension the entity type's space holds, if it holds anything yet. */
  public Optional<Integer> spaceDimension(RegionalDatabase db, String entityType) {
    return db.jdbc()
        .sql(
            "SELECT (embedding_meta->>'dim')::int FROM entity_vectors WHERE entity_type = ? AND deleted_at IS NULL LIMIT 1")
        .param(entityType)
        .query(Integer.class)
        .optional();
  }

  /** Refuses vectors whose dimension differs from each other's or from the stored space's. */
  public void requireOneSpace(RegionalDatabase db, List<StoredVector> vectors) {
    for (String type : vectors.stream().map(StoredVector::entityType).distinct().toList()) {
      var metas = new ArrayList<EmbeddingMeta>();
      vectors.stream()
          .filter(v -> v.entityType().equals(type))
          .forEach(
              v -> {
                if (v.vector().length != v.meta().dim()) {
                  throw new EmbeddingSpaces.MixedDimensions(
                      "vector of "
                          + v.entityId()
                          + " has "
                          + v.vector().length
                          + " values but its meta says "
                          + v.meta().dim());
                }
                metas.add(v.meta());
              });
      spaceDimension(db, type)
          .ifPresent(
              dim ->
                  metas.add(
                      new EmbeddingMeta(
                          "stored",
                          "stored",
                          dim,
                          db.region().code(),
                          "",
                          metas.getFirst().computedAt(),
                          null)));
      EmbeddingSpaces.requireOneSpace(type + "/" + db.region().code(), metas);
    }
  }

  /**
   * Checks the space and the owners' residency, and writes the rows in one transaction: the
   * database is the truth both adapters start from, so nothing reaches an index that is not stored,
   * and a personal vector (a taste) goes only to its owner's regional database.
   *
   * @throws fm.seda.regions.ResidencyViolation if a vector's owner's data belongs elsewhere
   */
  public void persist(RegionalDatabase db, List<StoredVector> vectors, boolean pgvector) {
    db.transactions()
        .executeWithoutResult(
            tx -> {
              requireOneSpace(db, vectors);
              db.requireLocalOwners(
                  vectors.stream().map(StoredVector::ownerUserId).filter(Objects::nonNull).toList(),
                  "personal vectors");
              write(db, vectors, pgvector);
            });
  }

  public void write(RegionalDatabase db, List<StoredVector> vectors, boolean pgvector) {
    String cast = pgvector ? "?::vector" : "?::real[]";
    db.template()
        .batchUpdate(
            "INSERT INTO entity_vectors (entity_type, entity_id, owner_user_id, embedding, embedding_meta, tags)"
                + " VALUES (?, ?, ?, "
                + cast
                + ", ?::jsonb, ?) ON CONFLICT (entity_type, entity_id) DO UPDATE SET"
                + " embedding = EXCLUDED.embedding, embedding_meta = EXCLUDED.embedding_meta, tags = EXCLUDED.tags,"
                + " owner_user_id = EXCLUDED.owner_user_id, updated_at = now(), deleted_at = NULL",
            IntStream.range(0, vectors.size()).boxed().toList(),
            500,
            (ps, i) -> {
              StoredVector v = vectors.get(i);
              ps.setString(1, v.entityType());
              ps.setObject(2, v.entityId());
              ps.setObject(3, v.ownerUserId());
              ps.setString(4, literal(v.vector(), pgvector));
              ps.setString(5, json.writeValueAsString(v.meta()));
              ps.setArray(6, ps.getConnection().createArrayOf("text", v.tags().toArray()));
            });
  }

  public void tombstone(RegionalDatabase db, String entityType, Collection<UUID> ids) {
    db.jdbc()
        .sql(
            "UPDATE entity_vectors SET deleted_at = now(), updated_at = now() WHERE entity_type = ? AND entity_id = ANY(?) AND deleted_at IS NULL")
        .params(entityType, ids.toArray(UUID[]::new))
        .update();
  }

  /** Streams every live row, for rebuilding an in-process index. */
  public void forEachLive(RegionalDatabase db, Consumer<Row> sink) {
    db.jdbc()
        .sql(
            "SELECT entity_type, entity_id, array_send(embedding::real[]), (embedding_meta->>'dim')::int, tags FROM entity_vectors"
                + " WHERE deleted_at IS NULL")
        .query(
            rs -> {
              sink.accept(
                  new Row(
                      rs.getString(1),
                      rs.getObject(2, UUID.class),
                      decode(rs.getBytes(3)),
                      rs.getInt(4),
                      tags(rs.getArray(5))));
            });
  }

  /** The live vectors of {@code ids} in one entity type; missing and tombstoned ids are absent. */
  public List<FetchedVector> fetchLive(
      RegionalDatabase db, String entityType, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return db.jdbc()
        .sql(
            "SELECT entity_id, array_send(embedding::real[]), embedding_meta::text FROM entity_vectors"
                + " WHERE entity_type = ? AND entity_id = ANY(?) AND deleted_at IS NULL")
        .params(entityType, ids.toArray(UUID[]::new))
        .query(
            (rs, n) ->
                new FetchedVector(
                    rs.getObject(1, UUID.class), decode(rs.getBytes(2)), meta(rs.getString(3))))
        .list();
  }

  /**
   * Every row whose {@code updated_at} is after {@code since}, live or tombstoned, oldest first:
   * what an index persisted at watermark {@code since} must apply to match the database.
   */
  public void forEachChangedSince(RegionalDatabase db, Instant since, Consumer<Change> sink) {
    db.jdbc()
        .sql(
            "SELECT entity_type, entity_id, array_send(embedding::real[]), (embedding_meta->>'dim')::int, tags,"
                + " deleted_at IS NOT NULL, updated_at FROM entity_vectors WHERE updated_at > ?"
                + " ORDER BY updated_at")
        .param(Timestamp.from(since))
        .query(
            rs -> {
              String type = rs.getString(1);
              UUID id = rs.getObject(2, UUID.class);
              Row live =
                  rs.getBoolean(6)
                      ? null
                      : new Row(
                          type, id, decode(rs.getBytes(3)), rs.getInt(4), tags(rs.getArray(5)));
              sink.accept(new Change(type, id, live, rs.getTimestamp(7).toInstant()));
            });
  }

  /** The keys of the rows changed since {@code since}, live or tombstoned. */
  public List<Key> changedSince(RegionalDatabase db, Instant since) {
    return db.jdbc()
        .sql("SELECT entity_type, entity_id FROM entity_vectors WHERE updated_at > ?")
        .param(Timestamp.from(since))
        .query((rs, n) -> new Key(rs.getString(1), rs.getObject(2, UUID.class)))
        .list();
  }

  /** How many rows changed since {@code since}: what a catch-up would have to re-index. */
  public long countChangedSince(RegionalDatabase db, Instant since) {
    return db.jdbc()
        .sql("SELECT count(*) FROM entity_vectors WHERE updated_at > ?")
        .param(Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  /** How many live vectors the database holds, to check an index against. */
  public long countLive(RegionalDatabase db) {
    return db.jdbc()
        .sql("SELECT count(*) FROM entity_vectors WHERE deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  /**
   * The database's clock: a watermark is read from it, never from this JVM's clock, so the
   * comparison with {@code updated_at} holds when the two clocks differ.
   */
  public Instant databaseNow(RegionalDatabase db) {
    return db.jdbc().sql("SELECT now()").query(Timestamp.class).single().toInstant();
  }

  /**
   * What identifies this database: its region and the id it made for itself once (migration V6_1).
   * An index built from another database carries another identity.
   */
  public String databaseIdentity(RegionalDatabase db) {
    return db.jdbc()
        .sql("SELECT region || '/' || instance_id FROM seda_database")
        .query(String.class)
        .single();
  }

  private static Set<String> tags(Array array) throws SQLException {
    return Set.of((String[]) array.getArray());
  }

  /** '[0.1,0.2]' for pgvector, '{0.1,0.2}' for real[]. */
  public static String literal(float[] v, boolean pgvector) {
    var sb = new StringBuilder(v.length * 10).append(pgvector ? '[' : '{');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(v[i]);
    }
    return sb.append(pgvector ? ']' : '}').toString();
  }

  /** Parses either text form back into floats. */
  /**
   * A row's provenance, parsed once per distinct text: a few spaces' worth of them exist, and the
   * nightly batch reads hundreds of thousands of vectors.
   */
  private EmbeddingMeta meta(String text) {
    return parsedMetas.get(text, t -> json.readValue(t, EmbeddingMeta.class));
  }

  /**
   * A vector from PostgreSQL's binary array form ({@code array_send}, the same for a {@code real[]}
   * column and a pgvector column cast to one). Read as text, the 384 decimal floats of a vector
   * were parsed one by one: a tenth of an uncached feed's CPU (JFR, docs/BENCHMARKS.md).
   */
  static float[] decode(byte[] send) {
    ByteBuffer in = ByteBuffer.wrap(send); // network order, as PostgreSQL sends it
    int dimensions = in.getInt();
    in.getInt(); // has-nulls flag: checked per element below
    in.getInt(); // element type
    if (dimensions == 0) {
      return new float[0];
    }
    if (dimensions != 1) {
      throw new IllegalStateException("a stored vector has " + dimensions + " dimensions, not 1");
    }
    var vector = new float[in.getInt()];
    in.getInt(); // lower bound
    for (int i = 0; i < vector.length; i++) {
      int length = in.getInt();
      if (length != Float.BYTES) {
        throw new IllegalStateException("element " + i + " of a stored vector is null");
      }
      vector[i] = in.getFloat();
    }
    return vector;
  }
}
