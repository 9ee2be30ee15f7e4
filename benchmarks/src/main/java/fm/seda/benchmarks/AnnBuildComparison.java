package fm.seda.benchmarks;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.MMapDirectory;

/**
 * How long the in-process HNSW index takes to build, and how well it then searches, for the
 * candidate libraries (ADR 0006): Lucene 10.6 built on one thread into one segment (what {@code
 * LuceneVectorStore} did until then), Lucene built by several indexing threads and then {@code
 * forceMerge(1)} with the HNSW format's parallel merge workers, and JVector 4.0's {@link
 * GraphIndexBuilder} (parallel by design). Same data as {@link AnnBenchmark} (384-d clustered unit
 * vectors, seed 42; 500 queries, seed 4242), no database: this measures the libraries, not the
 * adapter's read from PostgreSQL.
 *
 * <p>Build parameters are the seed's: M = 16 and beam width 200 for Lucene; JVector's graph is
 * single-layer-plus-hierarchy with one degree bound, so it gets degree 32 (HNSW's layer 0 has 2M =
 * 32 links) and beam 200, alpha 1.2, neighbour overflow 1.2. Search: k = 10 at each ef given
 * (default 64; Lucene: ask for ef, keep 10, as the adapter does; JVector: {@code rerankK} = ef).
 * Recall@10 is against exact brute force. Latency: one thread, 2 passes of the 500 queries as
 * warm-up, then 4 passes timed one query at a time with {@link System#nanoTime()} (2,000 samples;
 * P50/P95/P99 by sorting). This is a plain main, not JMH, because each build is a one-shot cost
 * measured once.
 *
 * <pre>
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * java -Xmx4g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     fm.seda.benchmarks.AnnBuildComparison VARIANT CLUSTERS [SIZE] [THREADS] [EF,EF,...]
 * # VARIANT: lucene-serial | lucene-parallel | jvector ; e.g. jvector 10 100000 2 64,100,200,400
 * </pre>
 */
public final class AnnBuildComparison {

  static final int K = 10;

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    int clusters = Integer.parseInt(args[1]);
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int threads =
        args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    int[] efs =
        Arrays.stream((args.length > 4 ? args[4] : "64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    float[][] data = AnnBenchmark.generate(size, clusters, AnnBenchmark.SEED, AnnBenchmark.SEED);
    float[][] queries =
        AnnBenchmark.generate(
            AnnBenchmark.QUERIES, clusters, AnnBenchmark.SEED, AnnBenchmark.QUERY_SEED);
    int[][] truth = new int[queries.length][];
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(q -> truth[q] = exactTopK(data, queries[q], K));

    Searcher searcher =
        switch (variant) {
          case "lucene-serial" -> lucene(data, 1, 1);
          case "lucene-parallel" -> lucene(data, threads, threads);
          case "jvector" -> jvector(data, threads);
          default -> throw new IllegalArgumentException(variant);
        };

    for (int ef : efs) {
      measure(variant, size, clusters, threads, ef, searcher, queries, truth);
    }
  }

  private static void measure(
      String variant,
      int size,
      int clusters,
      int threads,
      int ef,
      Searcher searcher,
      float[][] queries,
      int[][] truth)
      throws IOException {
    int hits = 0;
    for (int q = 0; q < queries.length; q++) {
      Set<Integer> want = new HashSet<>();
      for (int i : truth[q]) {
        want.add(i);
      }
      for (int i : searcher.search(queries[q], ef)) {
        hits += want.contains(i) ? 1 : 0;
      }
    }
    for (int pass = 0; pass < 2; pass++) {
      for (float[] query : queries) {
        searcher.search(query, ef);
      }
    }
    long[] nanos = new long[4 * queries.length];
    int n = 0;
    for (int pass = 0; pass < 4; pass++) {
      for (float[] query : queries) {
        long t = System.nanoTime();
        searcher.search(query, ef);
        nanos[n++] = System.nanoTime() - t;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "[build] variant=%s size=%d clusters=%d threads=%d ef=%d recall@10=%.4f p50=%.3f ms"
            + " p95=%.3f ms p99=%.3f ms%n",
        variant,
        size,
        clusters,
        threads,
        ef,
        hits / (double) (queries.length * K),
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) (nanos.length * 0.95)] / 1e6,
        nanos[(int) (nanos.length * 0.99)] / 1e6);
  }

  interface Searcher {
    int[] search(float[] query, int ef) throws IOException;
  }

  /**
   * {@code writers} threads add documents, each into its own segment (one 1 GB buffer each, so no
   * flush before the end); then {@code forceMerge(1)} joins them into one graph with {@code
   * mergeWorkers} threads.
   */
  static Searcher lucene(float[][] data, int writers, int mergeWorkers) throws IOException {
    Path dir = Files.createTempDirectory("ann-build-lucene");
    ExecutorService mergeExec =
        mergeWorkers > 1 ? Executors.newFixedThreadPool(mergeWorkers) : null;
    var config = new IndexWriterConfig();
    config.setCodec(
        new Lucene104Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return mergeWorkers > 1
                ? new Lucene99HnswVectorsFormat(16, 200, mergeWorkers, mergeExec)
                : new Lucene99HnswVectorsFormat(16, 200);
          }
        });
    config.setRAMBufferSizeMB(1024);
    var directory = new MMapDirectory(dir);
    var writer = new IndexWriter(directory, config);
    long t0 = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    var progress = progress("lucene", done, data.length);
    IntStream.range(0, writers)
        .parallel()
        .forEach(
            w -> {
              int i;
              while ((i = next.getAndIncrement()) < data.length) {
                var doc = new Document();
                doc.add(new StoredField("i", i));
                doc.add(new KnnFloatVectorField("v", data[i], VectorSimilarityFunction.COSINE));
                try {
                  writer.addDocument(doc);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                done.incrementAndGet();
              }
            });
    writer.commit();
    long added = ms(t0);
    long t1 = System.nanoTime();
    writer.forceMerge(1);
    writer.commit();
    long merged = ms(t1);
    progress.interrupt();
    System.out.printf(
        "[build] lucene writers=%d mergeWorkers=%d add+flush %d ms, forceMerge(1) %d ms, total %d"
            + " ms, segments=%d%n",
        writers, mergeWorkers, added, merged, ms(t0), DirectoryReader.open(writer).leaves().size());
    writer.close();
    if (mergeExec != null) {
      mergeExec.shutdown();
    }
    var reader = DirectoryReader.open(directory);
    var searcher = new IndexSearcher(reader);
    var stored = searcher.storedFields();
    return (query, ef) -> {
      ScoreDoc[] hits =
          searcher.search(new KnnFloatVectorQuery("v", query, Math.max(K, ef)), K).scoreDocs;
      int[] ids = new int[hits.length];
      for (int h = 0; h < hits.length; h++) {
        ids[h] = stored.document(hits[h].doc).getField("i").numericValue().intValue();
      }
      return ids;
    };
  }

  static Searcher jvector(float[][] data, int threads) throws IOException {
    VectorTypeSupport vts = VectorizationProvider.getInstance().getVectorTypeSupport();
    List<VectorFloat<?>> vectors = new ArrayList<>(data.length);
    for (float[] v : data) {
      vectors.add(vts.createFloatVector(v));
    }
    var ravv = new ListRandomAccessVectorValues(vectors, data[0].length);
    var similarity = io.github.jbellis.jvector.vector.VectorSimilarityFunction.COSINE;
    long t0 = System.nanoTime();
    var pool = new ForkJoinPool(threads);
    ImmutableGraphIndex graph;
    try (var builder =
        new GraphIndexBuilder(
            BuildScoreProvider.randomAccessScoreProvider(ravv, similarity),
            ravv.dimension(),
            32,
            200,
            1.2f,
            1.2f,
            true,
            true,
            pool,
            pool)) {
      graph = builder.build(ravv);
    }
    System.out.printf(
        "[build] jvector threads=%d degree=32 beam=200 build %d ms%n", threads, ms(t0));
    var searcher = new GraphSearcher(graph);
    return (query, ef) -> {
      SearchResult result =
          searcher.search(
              DefaultSearchScoreProvider.exact(vts.createFloatVector(query), similarity, ravv),
              K,
              Math.max(K, ef),
              0f,
              0f,
              Bits.ALL);
      return Arrays.stream(result.getNodes()).mapToInt(ns -> ns.node).toArray();
    };
  }

  private static Thread progress(String what, AtomicInteger done, int total) {
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              long t0 = System.nanoTime();
              try {
                while (true) {
                  Thread.sleep(10_000);
                  System.out.printf(
                      "[build] %s added %d/%d after %d s%n",
                      what, done.get(), total, ms(t0) / 1000);
                }
              } catch (InterruptedException e) {
                // done
              }
            });
  }

  static int[] exactTopK(float[][] data, float[] query, int k) {
    int[] best = new int[k];
    float[] scores = new float[k];
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < data.length; i++) {
      float[] v = data[i];
      float dot = 0;
      for (int d = 0; d < v.length; d++) {
        dot += v[d] * query[d];
      }
      if (dot > scores[k - 1]) {
        int j = k - 1;
        while (j > 0 && scores[j - 1] < dot) {
          scores[j] = scores[j - 1];
          best[j] = best[j - 1];
          j--;
        }
        scores[j] = dot;
        best[j] = i;
      }
    }
    return best;
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
