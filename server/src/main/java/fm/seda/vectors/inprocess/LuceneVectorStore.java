package fm.seda.vectors.inprocess;

import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import fm.seda.vectors.internal.VectorRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process adapter: a Lucene HNSW index per region in memory (M = 16, beam width 200 at build
 * time), rebuilt from {@code entity_vectors} at start-up; every write goes to the database first
 * and then to the index, so the database stays the truth and a restart loses nothing.
 *
 * <p>Design note. Lucene's {@link KnnFloatVectorQuery} applies the filter (entity type, tags,
 * exclusions) during the graph search and switches to exact search by itself when the filter leaves
 * fewer documents than the graph search would visit, which is the contract's "too selective" rule.
 * HNSW's {@code ef_search} is emulated the way Lucene users do: ask for {@code max(k, ef)}
 * neighbours and keep the best {@code k}. A field per dimension ({@code v384}, {@code v1536}) keeps
 * spaces apart, since Lucene fixes a field's dimension. Cosine scores come back as {@code (1 + cos)
 * / 2} and are turned back into cosine.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LuceneVectorStore.class);

  private final RegionRouter regions;
  private final VectorRows rows;
  private final Map<Region, Index> indexes = new EnumMap<>(Region.class);

  /** How each region's database stores vectors; read once, it does not change while running. */
  private final Map<Region, Boolean> pgvectorColumns = new EnumMap<>(Region.class);

  private record Index(IndexWriter writer, SearcherManager searchers) {}

  public LuceneVectorStore(RegionRouter regions, VectorRows rows) {
    this.regions = regions;
    this.rows = rows;
    for (Region region : Region.values()) {
      indexes.put(region, rebuild(regions.database(region)));
      pgvectorColumns.put(region, rows.isPgvector(regions.database(region)));
    }
  }

  private Index rebuild(RegionalDatabase db) {
    try {
      var config = new IndexWriterConfig();
      config.setCodec(
          new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return new Lucene99HnswVectorsFormat(16, 200);
            }
          });
      // A large buffer keeps the rebuilt index in few segments: each segment has its own graph and
      // a query searches every one of them, so many small segments cost latency.
      config.setRAMBufferSizeMB(1024);
      var writer = new IndexWriter(new ByteBuffersDirectory(), config);
      long start = System.nanoTime();
      int[] count = {0};
      rows.forEachLive(
          db,
          row -> {
            try {
              writer.updateDocument(
                  key(row.entityType(), row.entityId()),
                  document(row.entityType(), row.entityId(), row.vector(), row.tags()));
              count[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      writer.commit();
      log.info(
          "In-process vector index of region {} rebuilt from the database: {} vectors in {} ms",
          db.region().code(),
          count[0],
          (System.nanoTime() - start) / 1_000_000);
      return new Index(writer, new SearcherManager(writer, null));
    } catch (IOException e) {
      throw new UncheckedIOException("could not build the in-process vector index", e);
    }
  }

  @Override
  public String adapter() {
    return "inprocess";
  }

  @Override
  public void upsert(Region region, List<StoredVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    RegionalDatabase db = regions.database(region);
    rows.persist(db, vectors, pgvectorColumns.get(region));
    Index index = indexes.get(region);
    try {
      for (StoredVector v : vectors) {
        index
            .writer()
            .updateDocument(
                key(v.entityType(), v.entityId()),
                document(v.entityType(), v.entityId(), v.vector(), v.tags()));
      }
      index.searchers().maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(Region region, String entityType, Collection<UUID> ids) {
    rows.tombstone(regions.database(region), entityType, ids);
    Index index = indexes.get(region);
    try {
      index
          .writer()
          .deleteDocuments(ids.stream().map(id -> key(entityType, id)).toArray(Term[]::new));
      index.searchers().maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Neighbour> search(Region region, VectorQuery query) {
    var filter =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term("type", query.entityType())), BooleanClause.Occur.FILTER);
    if (!query.anyTags().isEmpty()) {
      filter.add(
          new TermInSetQuery("tag", query.anyTags().stream().map(BytesRef::new).toList()),
          BooleanClause.Occur.FILTER);
    }
    for (UUID excluded : query.exclude()) {
      filter.add(new TermQuery(new Term("id", excluded.toString())), BooleanClause.Occur.MUST_NOT);
    }
    var knn =
        new KnnFloatVectorQuery(
            field(query.vector().length),
            query.vector(),
            Math.max(query.k(), query.efSearch()),
            filter.build());
    SearcherManager searchers = indexes.get(region).searchers();
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        ScoreDoc[] hits = searcher.search(knn, query.k()).scoreDocs;
        var found = new ArrayList<Neighbour>(hits.length);
        var storedFields = searcher.storedFields();
        for (ScoreDoc hit : hits) {
          UUID id = UUID.fromString(storedFields.document(hit.doc).get("id"));
          found.add(new Neighbour(id, 2.0 * hit.score - 1.0));
        }
        return found;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String field(int dim) {
    return "v" + dim;
  }

  private static Term key(String entityType, UUID id) {
    return new Term("key", entityType + ":" + id);
  }

  private static Document document(String entityType, UUID id, float[] vector, Set<String> tags) {
    var doc = new Document();
    doc.add(new StringField("key", entityType + ":" + id, Field.Store.NO));
    doc.add(new StringField("id", id.toString(), Field.Store.YES));
    doc.add(new StringField("type", entityType, Field.Store.NO));
    for (String tag : tags) {
      doc.add(new StringField("tag", tag, Field.Store.NO));
    }
    doc.add(new KnnFloatVectorField(field(vector.length), vector, VectorSimilarityFunction.COSINE));
    return doc;
  }

  @Override
  public void close() {
    for (Index index : indexes.values()) {
      try {
        index.searchers().close();
        index.writer().close();
      } catch (IOException e) {
        log.warn("Closing the in-process vector index failed: {}", e.getMessage());
      }
    }
  }
}
