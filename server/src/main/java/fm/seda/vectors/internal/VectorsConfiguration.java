package fm.seda.vectors.internal;

import fm.seda.regions.RegionRouter;
import fm.seda.vectors.StoredVectors;
import fm.seda.vectors.VectorStore;
import fm.seda.vectors.inprocess.LuceneVectorStore;
import fm.seda.vectors.pgvector.PgvectorStore;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the adapter: {@code seda.vectors.adapter} = pgvector, inprocess, or auto (default):
 * pgvector when both regional databases have it, else in-process, saying why. {@code
 * seda.vectors.ef-search} (default 400) is the ef_search of queries that ask for the default, in
 * both adapters: at the seed's 64 every HNSW measured found only ~75 % of the true top 10 on the
 * harder benchmark data (ADR 0006). {@code seda.vectors.build-threads} (default 1) builds the
 * in-process graph. The adapter is wrapped so that this node's writes drop the copies {@link
 * StoredVectors} keeps of what they replace ({@link ForgettingVectorStore}).
 */
@Configuration(proxyBeanMethods = false)
class VectorsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(VectorsConfiguration.class);

  @Bean // the in-process store is closed through the inferred close()
  VectorStore vectorStore(
      RegionRouter regions,
      VectorRows rows,
      StoredVectors kept,
      @Value("${seda.vectors.adapter:auto}") String adapter,
      @Value("${seda.data-dir}") Path dataDirectory,
      @Value("${seda.vectors.ef-search:400}") int efSearch,
      @Value("${seda.vectors.build-threads:1}") int buildThreads) {
    return new ForgettingVectorStore(
        adapter(regions, rows, adapter, dataDirectory, efSearch, buildThreads), kept);
  }

  private static VectorStore adapter(
      RegionRouter regions,
      VectorRows rows,
      String adapter,
      Path dataDirectory,
      int efSearch,
      int buildThreads) {
    // each region's in-process index lives under <data-dir>/vectors/<region>
    Path indexRoot = dataDirectory.toAbsolutePath().resolve("vectors");
    boolean pgvector = regions.all().stream().allMatch(rows::isPgvector);
    String choice = adapter.trim().toLowerCase(java.util.Locale.ROOT);
    switch (choice) {
      case "pgvector" -> {
        if (!pgvector) {
          throw new IllegalStateException(
              "seda.vectors.adapter=pgvector, but the regional databases have no pgvector extension"
                  + " (run scripts/install-pgvector.sh, or use inprocess)");
        }
        return new PgvectorStore(regions, rows, efSearch);
      }
      case "inprocess" -> {
        return new LuceneVectorStore(regions, rows, indexRoot, efSearch, buildThreads);
      }
      case "auto" -> {
        if (pgvector) {
          log.info(
              "Vector store: pgvector (both regional databases have the extension), ef_search {}",
              efSearch);
          return new PgvectorStore(regions, rows, efSearch);
        }
        log.info(
            "Vector store: in-process Lucene HNSW under {} (the databases have no pgvector; vectors"
                + " are kept as real[])",
            indexRoot);
        return new LuceneVectorStore(regions, rows, indexRoot, efSearch, buildThreads);
      }
      default ->
          throw new IllegalStateException(
              "seda.vectors.adapter must be auto, pgvector or inprocess, got '" + adapter + "'");
    }
  }
}
