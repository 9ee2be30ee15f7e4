package fm.seda.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fm.seda.embeddings.EmbeddingMeta;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.regions.RegionalDatabase;
import fm.seda.vectors.Neighbour;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorQuery;
import fm.seda.vectors.VectorStore;
import fm.seda.vectors.inprocess.LuceneVectorStore;
import fm.seda.vectors.internal.VectorRows;
import fm.seda.vectors.pgvector.PgvectorStore;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two vector store adapters of the server, {@link PgvectorStore} (pgvector 0.8 HNSW, m = 16,
 * ef_construction = 200) and {@link LuceneVectorStore} (Lucene HNSW in process, M = 16, beam 200),
 * against brute-force cosine in Java ({@code exact}), on the same data: recall@10 against the exact
 * answer, and the latency of one {@code search} (k = 10, ef_search {@code efSearch}, default 64,
 * which both stores are also configured with).
 *
 * <p>Data: {@code size} vectors of dimension 384, clustered like real embeddings ({@code clusters}
 * gaussian cluster centres on the unit sphere, default 1,000; each point a centre plus gaussian
 * noise, normalised; seed 42), and 500 query vectors drawn the same way (seed 4242). One operation
 * is one search, cycling through the 500 queries, timed in {@link Mode#SampleTime} in milliseconds:
 * {@code p0.50}, {@code p0.95}, {@code p0.99} are per-query latencies, and queries/s on one thread
 * is {@code 1000 / mean}.
 *
 * <p>Database: the PostgreSQL (with pgvector) at {@code 127.0.0.1:5432}, user {@code postgres}
 * (override with {@code -Dseda.bench.host}, {@code -Dseda.bench.port}, {@code -Dseda.bench.user},
 * {@code -Dseda.bench.password}). Setup creates {@code seda_bench_eu} and {@code seda_bench_us}
 * (dropped first) and runs the server's Flyway migrations on both; only {@code us} gets vectors.
 * JMH runs every {@code adapter} in its own forked JVM, so the data cannot be shared in memory
 * between them; instead the first trial loads the databases and writes a marker row (size, dim,
 * seed, clusters) into {@code seda_bench_us.bench_marker}, and later trials with the same marker
 * reuse them (the Java arrays and the exact answers are regenerated from the seed: about 6 s at
 * 100,000). The databases are left in place at the end so a rerun skips the load; drop them with
 * {@code psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE seda_bench_us' -c 'DROP DATABASE
 * seda_bench_eu'}. Pass {@code -Dseda.bench.reload=true} (via {@code -jvmArgsAppend}) to force a
 * fresh load.
 *
 * <p>Load: the rows go in through the pgvector adapter's own write path in batches of 1,000 ({@code
 * VectorRows.write} in a transaction, which is {@link PgvectorStore#upsert} without its index
 * step), and the last batch through {@link PgvectorStore#upsert} itself, whose first call creates
 * the HNSW index: so the index is built in bulk over all rows (as after a restore) rather than
 * grown row by row, and the two times are printed apart as {@code [ann] load ...}. The pool's
 * sessions set {@code maintenance_work_mem = 2GB} so the graph build stays in memory. {@link
 * LuceneVectorStore} then starts cold on an empty temporary index directory (its constructor loads
 * the flat copy for exact search; the graph is built in the background: {@code [ann] cold start
 * ...}), is closed, and is opened again from the persisted index ({@code [ann] restart ...}); the
 * restarted store is the one measured. {@code VectorRows} has a package-private constructor; it is
 * made here by reflection ({@code setAccessible}).
 *
 * <p>Setup also runs the 500 queries once per adapter and prints {@code [ann] adapter=... size=...
 * recall@10=...}, and tear-down prints the heap used (after a GC; it includes the benchmark's own
 * copy of the vectors, {@code size × 384 × 4} bytes, and for {@code inprocess} the Lucene index,
 * which lives on heap in a {@code ByteBuffersDirectory}) and the process RSS. pgvector's memory is
 * PostgreSQL's, not this JVM's.
 *
 * <p>Run from the repository root with PostgreSQL up and a JDK 21+ as {@code java}; three forks,
 * about 7 minutes on 2 cores at the default size, most of it set-up (measured 2026-12-03 at 100k,
 * 10 clusters: load 13 s, pgvector index build 107 s, in-process graph in the background 190 s,
 * restart from disk 0.27 s). The forks get {@code --add-modules jdk.incubator.vector}, as {@code
 * seda run} gives the server; note that {@code -jvmArgsAppend} on the command line replaces the
 * annotation's list, so repeat it there:
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * mkdir -p benchmarks/results
 * java -jar benchmarks/target/benchmarks.jar AnnBenchmark \
 *     -rf json -rff benchmarks/results/ann-$(date +%F).json \
 *   | tee benchmarks/results/ann-$(date +%F).txt
 * # harder data: 10 clusters of about 10,000 points (reloads the databases)
 * java -jar benchmarks/target/benchmarks.jar AnnBenchmark -p clusters=10 \
 *     -rf json -rff benchmarks/results/ann-$(date +%F)-clusters10.json \
 *   | tee benchmarks/results/ann-$(date +%F)-clusters10.txt
 * # ef_search sweep on the harder data
 * java -jar benchmarks/target/benchmarks.jar AnnBenchmark -p clusters=10 -p efSearch=64,100,200,400
 * # a million vectors (the load and both index builds take far longer; the flat copy, the Lucene
 * # buffer and the benchmark's own copy of the vectors need a few GB of heap):
 * java -jar benchmarks/target/benchmarks.jar AnnBenchmark -p size=1000000 -p efSearch=400 \
 *     -jvmArgsAppend "-Xmx8g -Dseda.bench.maintenance-work-mem=4GB --enable-native-access=ALL-UNNAMED
 *     --add-modules jdk.incubator.vector"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 2, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class AnnBenchmark {

  static final int DIM = 384;
  static final int QUERIES = 500;
  static final int K = 10;
  static final int BATCH = 1000;
  static final long SEED = 42;
  static final long QUERY_SEED = 4242;

  /**
   * Per-component noise: a point is about 0.5 (in norm) away from its centre before normalising.
   */
  static final double NOISE = 0.5 / Math.sqrt(DIM);

  static final String TYPE = "track";

  @Param("100000")
  int size;

  /**
   * Cluster centres. At 1,000 (about 100 points a cluster at the default size) the top 10 all sit
   * in the query's cluster and both graphs find them; fewer, larger clusters ({@code -p
   * clusters=10}) come closer to unstructured data, the hard case for HNSW.
   */
  @Param("1000")
  int clusters;

  @Param({"pgvector", "inprocess", "exact"})
  String adapter;

  /** HNSW ef_search of every query (and the stores' default); the seed's is 64. */
  @Param("64")
  int efSearch;

  private float[][] data;
  private float[][] queries;
  private int[][] truth;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private VectorStore store;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    long t0 = System.nanoTime();
    data = generate(size, clusters, SEED, SEED);
    queries = generate(QUERIES, clusters, SEED, QUERY_SEED);
    truth = new int[QUERIES][];
    IntStream.range(0, QUERIES).parallel().forEach(q -> truth[q] = exactTopK(queries[q], K));
    log(
        "data size=%d dim=%d generated with exact top-%d of %d queries in %d ms",
        size, DIM, K, QUERIES, ms(t0));

    if (!adapter.equals("exact")) {
      RegionRouter router = databases();
      VectorRows rows = vectorRows();
      if (!loaded()) {
        load(router, rows);
      } else {
        log("reusing seda_bench_us: marker and row count match size=%d", size);
      }
      if (adapter.equals("pgvector")) {
        store = new PgvectorStore(router, rows, efSearch);
      } else {
        // a cold start (no index on disk): the constructor loads the flat copy, the graph is built
        // in the background; then a restart that opens the persisted index
        Path indexRoot = Files.createTempDirectory("ann-bench-index");
        long t = System.nanoTime();
        var cold =
            new LuceneVectorStore(
                router,
                rows,
                indexRoot,
                efSearch,
                Integer.parseInt(property("build-threads", "1")));
        long startMs = ms(t);
        if (!cold.awaitReady(java.time.Duration.ofHours(2))) {
          throw new IllegalStateException("the in-process graph was not ready within 2 hours");
        }
        log(
            "cold start adapter=inprocess size=%d: constructor (flat copy loaded, exact search"
                + " serving) %d ms, HNSW graph ready after %d ms",
            size, startMs, ms(t));
        cold.close();
        t = System.nanoTime();
        var restarted =
            new LuceneVectorStore(
                router,
                rows,
                indexRoot,
                efSearch,
                Integer.parseInt(property("build-threads", "1")));
        log(
            "restart adapter=inprocess size=%d: opened from disk and caught up in %d ms (ready=%s)",
            size, ms(t), restarted.ready(Region.US));
        store = restarted;
      }
    }

    int hits = 0;
    for (int q = 0; q < QUERIES; q++) {
      Set<Integer> want = new HashSet<>();
      for (int i : truth[q]) {
        want.add(i);
      }
      for (int i : searchIds(q)) {
        if (want.contains(i)) {
          hits++;
        }
      }
    }
    System.out.printf(
        "[ann] adapter=%s size=%d clusters=%d efSearch=%d recall@10=%.4f%n",
        adapter, size, clusters, efSearch, hits / (double) (QUERIES * K));
  }

  @Benchmark
  public Object search() {
    int q = next;
    next = (q + 1) % QUERIES;
    if (store == null) {
      return exactTopK(queries[q], K);
    }
    return store.search(Region.US, query(q));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
    String rss =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmRSS"))
            .map(l -> l.replaceAll("\\s+", " "))
            .findFirst()
            .orElse("VmRSS ?");
    System.out.printf(
        "[ann] memory adapter=%s size=%d heapUsed=%d MB (of which vectors %d MB) %s%n",
        adapter, size, heap, (long) size * DIM * 4 >> 20, rss);
    if (store instanceof LuceneVectorStore lucene) {
      lucene.close();
    }
    pools.forEach(HikariDataSource::close);
  }

  private VectorQuery query(int q) {
    return new VectorQuery(TYPE, queries[q], K, Set.of(), Set.of(), efSearch);
  }

  private int[] searchIds(int q) {
    if (store == null) {
      return exactTopK(queries[q], K);
    }
    return store.search(Region.US, query(q)).stream()
        .map(Neighbour::entityId)
        .mapToInt(id -> (int) id.getLeastSignificantBits())
        .toArray();
  }

  /**
   * Clustered unit vectors: the centres come from {@code centreSeed}, the points from {@code seed}.
   */
  static float[][] generate(int n, int clusters, long centreSeed, long seed) {
    Random centresRandom = new Random(centreSeed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) centresRandom.nextGaussian();
      }
      centres[c] = normalise(v);
    }
    Random random = new Random(seed == centreSeed ? seed + 1 : seed);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] centre = centres[random.nextInt(clusters)];
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = centre[d] + (float) (random.nextGaussian() * NOISE);
      }
      out[i] = normalise(v);
    }
    return out;
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < v.length; d++) {
      v[d] *= inv;
    }
    return v;
  }

  /** Brute force: all vectors are unit length, so cosine is the dot product. */
  private int[] exactTopK(float[] query, int k) {
    int[] best = new int[k];
    float[] scores = new float[k];
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < data.length; i++) {
      float[] v = data[i];
      float dot = 0;
      for (int d = 0; d < DIM; d++) {
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

  private static UUID id(int i) {
    return new UUID(0, i);
  }

  private static String property(String name, String fallback) {
    return System.getProperty("seda.bench." + name, fallback);
  }

  private static String url(String database) {
    return "jdbc:postgresql://"
        + property("host", "127.0.0.1")
        + ":"
        + property("port", "5432")
        + "/"
        + database;
  }

  private static Connection admin(String database) throws SQLException {
    return DriverManager.getConnection(
        url(database), property("user", "postgres"), property("password", ""));
  }

  /** True when seda_bench_us already holds this size's data and its index. */
  private boolean loaded() throws SQLException {
    if (Boolean.getBoolean("seda.bench.reload")) {
      return false;
    }
    try (Connection c = admin("seda_bench_us");
        Statement s = c.createStatement()) {
      ResultSet marker =
          s.executeQuery(
              "SELECT size, dim, seed, clusters FROM bench_marker WHERE complete"
                  + " AND (SELECT count(*) FROM entity_vectors) = size");
      return marker.next()
          && marker.getInt(1) == size
          && marker.getInt(2) == DIM
          && marker.getLong(3) == SEED
          && marker.getInt(4) == clusters;
    } catch (SQLException e) {
      return false; // no database or no marker yet
    }
  }

  private RegionRouter databases() throws SQLException {
    boolean fresh = !loaded();
    var dbs = new ArrayList<RegionalDatabase>();
    for (Region region : Region.values()) {
      String name = "seda_bench_" + region.code();
      if (fresh) {
        try (Connection c = admin("postgres");
            Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          s.execute("CREATE DATABASE " + name);
        }
      }
      var config = new HikariConfig();
      config.setJdbcUrl(url(name));
      config.setUsername(property("user", "postgres"));
      config.setPassword(property("password", ""));
      config.setMaximumPoolSize(4);
      config.setPoolName("bench-" + region.code());
      // keep the HNSW graph build in memory (pgvector warns and slows down past this)
      // (-Dseda.bench.maintenance-work-mem=4GB for 1M vectors; PostgreSQL's default of 2 parallel
      // maintenance workers builds the HNSW index)
      config.setConnectionInitSql(
          "SET maintenance_work_mem = '" + property("maintenance-work-mem", "2GB") + "'");
      var ds = new HikariDataSource(config);
      pools.add(ds);
      if (fresh) {
        long t = System.nanoTime();
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:db/migration")
            .placeholders(Map.of("region", region.code()))
            .load()
            .migrate();
        log("migrated %s in %d ms", name, ms(t));
      }
      dbs.add(
          new RegionalDatabase(
              region, ds, new TransactionTemplate(new DataSourceTransactionManager(ds))));
    }
    return new RegionRouter(dbs, Region.US, false);
  }

  private static VectorRows vectorRows() throws ReflectiveOperationException {
    // package-private constructor (Spring builds it in the server): reflection, with setAccessible
    Constructor<VectorRows> constructor = VectorRows.class.getDeclaredConstructor(JsonMapper.class);
    constructor.setAccessible(true);
    return constructor.newInstance(JsonMapper.builder().build());
  }

  private void load(RegionRouter router, VectorRows rows) throws SQLException {
    RegionalDatabase us = router.database(Region.US);
    var loader = new PgvectorStore(router, rows);
    var meta =
        new EmbeddingMeta("bench", "clustered-synthetic", DIM, "us", "1", Instant.now(), null);
    long t = System.nanoTime();
    int last = ((size - 1) / BATCH) * BATCH;
    for (int from = 0; from < last; from += BATCH) {
      List<StoredVector> batch = batch(from, Math.min(size, from + BATCH), meta);
      us.transactions().executeWithoutResult(tx -> rows.write(us, batch, true));
    }
    long loadMs = ms(t);
    t = System.nanoTime();
    // the adapter's first upsert of this space creates the HNSW index, here over all rows
    loader.upsert(Region.US, batch(last, size, meta));
    long indexMs = ms(t);
    try (Connection c = admin("seda_bench_us");
        Statement s = c.createStatement()) {
      s.execute("ANALYZE entity_vectors");
      s.execute(
          "CREATE TABLE bench_marker (size int, dim int, seed bigint, clusters int, complete boolean)");
      s.execute(
          "INSERT INTO bench_marker VALUES ("
              + size
              + ", "
              + DIM
              + ", "
              + SEED
              + ", "
              + clusters
              + ", true)");
    }
    log(
        "load adapter=pgvector size=%d rows in %d ms (%.0f rows/s), HNSW index build (last"
            + " upsert of %d rows + CREATE INDEX) in %d ms",
        size, loadMs, last * 1000.0 / Math.max(1, loadMs), size - last, indexMs);
  }

  private List<StoredVector> batch(int from, int to, EmbeddingMeta meta) {
    var batch = new ArrayList<StoredVector>(to - from);
    for (int i = from; i < to; i++) {
      batch.add(new StoredVector(TYPE, id(i), null, data[i], meta, Set.of()));
    }
    return batch;
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[ann] " + format + "%n", args);
  }
}
