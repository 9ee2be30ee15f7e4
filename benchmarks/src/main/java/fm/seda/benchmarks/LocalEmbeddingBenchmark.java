package fm.seda.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import fm.seda.embeddings.providers.LocalMiniLmProvider;
import fm.seda.embeddings.providers.LocalMiniLmProvider.Variant;
import fm.seda.embeddings.providers.ProviderResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.SequencedSet;
import java.util.concurrent.TimeUnit;
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

/**
 * Throughput and latency of the EU runner, {@link LocalMiniLmProvider} (all-MiniLM-L6-v2 on ONNX
 * Runtime, in process), for both variants, on short catalog texts like the ones seda embeds
 * (artists with their genres, mixes, room names: 3 to 12 words).
 *
 * <p>One operation is one {@code embed} call of {@code batchSize} texts, timed in {@link
 * Mode#SampleTime} in milliseconds. Read the output as follows:
 *
 * <ul>
 *   <li>items/s = {@code batchSize × 1000 / mean} (the mean is the "{@code ms/op}" score);
 *   <li>per-item latency at {@code batchSize = 1} is {@code p0.50}, {@code p0.95}, {@code p0.99}
 *       directly;
 *   <li>for larger batches the percentiles are per batch: divided by {@code batchSize} they give
 *       the amortised cost of an item, while an item's own latency is the whole batch's.
 * </ul>
 *
 * <p>{@code threads} is the provider's pool size (each ONNX session has one intra-op thread). A
 * single text is embedded on the caller's thread, so at {@code batchSize = 1} the two {@code
 * threads} rows run the same code and show the run-to-run noise. Each fork prints, at tear-down, a
 * line starting {@code [local-embedding]} with the CPU it kept busy, the heap used after setup
 * (after a GC) and the process RSS from {@code /proc/self/status}; the ONNX model lives off-heap,
 * so RSS is the number to size a machine by. Twelve forks of 40 s each: about 9 minutes on 2 cores.
 *
 * <p>{@link #main} measures quality instead (not timed): for each variant cosine(deep house, tech
 * house) against cosine(deep house, baroque choral), and how far quantization moves the vectors of
 * 50 corpus texts.
 *
 * <p>Run from the repository root with a JDK 21+ as {@code java} (the machines' default {@code
 * java} is 17), on a quiet machine ({@code cat /proc/loadavg} below 0.8):
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * mkdir -p benchmarks/results
 * java -jar benchmarks/target/benchmarks.jar LocalEmbeddingBenchmark \
 *     -rf json -rff benchmarks/results/local-embedding-$(date +%F).json \
 *   | tee benchmarks/results/local-embedding-$(date +%F).txt
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     fm.seda.benchmarks.LocalEmbeddingBenchmark \
 *   | tee -a benchmarks/results/local-embedding-$(date +%F).txt
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LocalEmbeddingBenchmark {

  /** Fixed, so every run embeds the same texts in the same order. */
  static final long SEED = 20251122L;

  /** Distinct texts in the corpus; batches cycle through it. */
  static final int CORPUS_SIZE = 400;

  @Param({"QUANTIZED", "FULL"})
  Variant variant;

  @Param({"1", "32", "128"})
  int batchSize;

  @Param({"1", "2"})
  int threads;

  private LocalMiniLmProvider provider;
  private List<List<String>> batches;
  private int next;
  private long heapUsedAfterSetup;
  private long rssAfterSetupKiB;
  private double tokensPerText;
  private long items;
  private long cpuNanosAtStart;
  private long wallNanosAtStart;

  @Setup(Level.Trial)
  public void loadModel() {
    List<String> corpus = CatalogTexts.generate(CORPUS_SIZE, SEED);
    batches = new ArrayList<>(corpus.size());
    for (int b = 0; b < corpus.size(); b++) {
      List<String> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(corpus.get((b * batchSize + i) % corpus.size()));
      }
      batches.add(List.copyOf(batch));
    }
    provider = new LocalMiniLmProvider("local", variant, threads);
    // once through the whole corpus: first-call allocations in ONNX Runtime happen before the
    // memory reading, not during the measurement
    ProviderResult all = provider.embed(corpus);
    tokensPerText = (double) all.tokens() / corpus.size();
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    heapUsedAfterSetup = runtime.totalMemory() - runtime.freeMemory();
    rssAfterSetupKiB = procStatusKiB("VmRSS");
    cpuNanosAtStart = processCpuNanos();
    wallNanosAtStart = System.nanoTime();
  }

  @Benchmark
  public ProviderResult embed() {
    List<String> batch = batches.get(next);
    next = next + 1 == batches.size() ? 0 : next + 1;
    items += batchSize;
    return provider.embed(batch);
  }

  @TearDown(Level.Trial)
  public void reportMemoryAndClose() {
    // CPU of the whole process (JIT and GC included) over warm-up and measurement: how many cores
    // the configuration kept busy, and what an item cost in CPU rather than in wall time
    double cpuNanos = processCpuNanos() - cpuNanosAtStart;
    double wallNanos = System.nanoTime() - wallNanosAtStart;
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        "%n[local-embedding] variant=%s threads=%d batchSize=%d tokensPerText=%.1f"
            + " cpuCoresBusy=%.2f cpuMsPerItem=%.3f"
            + " heapUsedAfterSetupMiB=%.1f heapCommittedMiB=%.1f heapMaxMiB=%.1f"
            + " rssAfterSetupMiB=%.1f rssAtEndMiB=%.1f peakRssMiB=%.1f%n",
        variant,
        threads,
        batchSize,
        tokensPerText,
        cpuNanos / wallNanos,
        cpuNanos / 1e6 / items,
        heapUsedAfterSetup / 1048576.0,
        runtime.totalMemory() / 1048576.0,
        runtime.maxMemory() / 1048576.0,
        rssAfterSetupKiB / 1024.0,
        procStatusKiB("VmRSS") / 1024.0,
        procStatusKiB("VmHWM") / 1024.0);
    provider.close();
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A field of /proc/self/status in KiB, or -1 where there is none (not Linux). */
  static long procStatusKiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Quality, not speed: whether each variant keeps related genres close, and how much quantization
   * moves the vectors of the same texts (cosine between QUANTIZED and FULL, the nearest neighbour
   * of each text among the 50 under both, and the mean change of a pairwise cosine).
   */
  public static void main(String[] args) {
    int sample = 50;
    List<String> corpus = CatalogTexts.generate(CORPUS_SIZE, SEED);
    List<String> texts = corpus.subList(0, sample);
    List<String> probes = List.of("deep house", "tech house", "baroque choral");
    List<List<float[]>> byVariant = new ArrayList<>();
    System.out.printf("%n# Quality of the EU runner (seed %d, %d corpus texts)%n", SEED, sample);
    var words = corpus.stream().mapToInt(t -> t.split(" ").length).summaryStatistics();
    System.out.printf(
        "[corpus] %d distinct texts, %d to %d words (mean %.1f), e.g. %s%n",
        corpus.size(), words.getMin(), words.getMax(), words.getAverage(), corpus.subList(0, 4));
    for (Variant variant : Variant.values()) {
      try (var provider = new LocalMiniLmProvider("local", variant, 2)) {
        List<float[]> p = provider.embed(probes).vectors();
        System.out.printf(
            "[quality] variant=%s cos(deep house, tech house)=%.4f"
                + " cos(deep house, baroque choral)=%.4f margin=%.4f%n",
            variant,
            cosine(p.get(0), p.get(1)),
            cosine(p.get(0), p.get(2)),
            cosine(p.get(0), p.get(1)) - cosine(p.get(0), p.get(2)));
        byVariant.add(provider.embed(texts).vectors());
      }
    }
    List<float[]> quantized = byVariant.get(Variant.QUANTIZED.ordinal());
    List<float[]> full = byVariant.get(Variant.FULL.ordinal());
    double sum = 0;
    double min = 1;
    int sameNeighbour = 0;
    double pairwiseDrift = 0;
    int pairs = 0;
    for (int i = 0; i < sample; i++) {
      double c = cosine(quantized.get(i), full.get(i));
      sum += c;
      min = Math.min(min, c);
      if (nearest(quantized, i) == nearest(full, i)) {
        sameNeighbour++;
      }
      for (int j = i + 1; j < sample; j++) {
        pairwiseDrift +=
            Math.abs(cosine(quantized.get(i), quantized.get(j)) - cosine(full.get(i), full.get(j)));
        pairs++;
      }
    }
    System.out.printf(
        "[quality] cos(QUANTIZED, FULL) over %d texts: mean=%.4f min=%.4f;"
            + " same nearest neighbour: %d/%d; mean |Δ pairwise cosine|=%.4f%n",
        sample, sum / sample, min, sameNeighbour, sample, pairwiseDrift / pairs);
  }

  private static int nearest(List<float[]> vectors, int i) {
    int best = -1;
    double bestCosine = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < vectors.size(); j++) {
      double c = j == i ? Double.NEGATIVE_INFINITY : cosine(vectors.get(i), vectors.get(j));
      if (c > bestCosine) {
        bestCosine = c;
        best = j;
      }
    }
    return best;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /**
   * Short texts in the shapes seda sends to the embedder: an artist with its genres ("Aurora Lumen.
   * Genres: synthpop, electropop"), a playlist or mix with its genres ("Late Night Deep House Mix.
   * Genres: deep house, tech house") and a room name ("Sunday Morning Jazz Room"). 3 to 12 words,
   * distinct, in a fixed order for a given seed.
   */
  static final class CatalogTexts {

    private static final String[] GENRES =
        words(
            "synthpop, electropop, deep house, tech house, techno, minimal techno, "
                + "drum and bass, dubstep, ambient, downtempo, trip hop, jazz, bebop, smooth jazz, "
                + "soul, neo soul, funk, disco, hip hop, trap, k-pop, j-pop, indie rock, "
                + "post-punk, shoegaze, dream pop, metal, doom metal, folk, bluegrass, country, "
                + "reggae, dancehall, afrobeats, salsa, bossa nova, flamenco, baroque choral, "
                + "opera, lo-fi");
    private static final String[] FIRST =
        words(
            "Aurora, Velvet, Neon, Silver, Crimson, Echo, Luna, Static, Golden, Midnight, "
                + "Paper, Glass, Solar, Wild, Quiet, Electric, Hollow, Amber, Nova, Saint");
    private static final String[] SECOND =
        words(
            "Lumen, Harbor, Tides, Parade, Orchid, Machines, Wolves, Bloom, Atlas, Pilots, "
                + "Ritual, Society, Garden, Signal, Collective, Hearts, Radio, Dunes, Kites, "
                + "Foxes");
    private static final String[] MOMENTS =
        words(
            "Late Night, Sunday Morning, Rainy Day, Friday Night, Early Morning, Summer, "
                + "Winter, Road Trip, Workout, Study, After Hours, Sunset");
    private static final String[] MIXES = words("Mix, Essentials, Session, Selection, Radio");
    private static final String[] ROOMS =
        words("Room, Listening Party, Lounge, Club, Hangout, Jam, Corner");

    static List<String> generate(int count, long seed) {
      Random random = new Random(seed);
      SequencedSet<String> texts = new LinkedHashSet<>();
      while (texts.size() < count) {
        String genre = pick(random, GENRES);
        String other = pick(random, GENRES);
        String text =
            switch (random.nextInt(3)) {
              case 0 ->
                  pick(random, FIRST)
                      + " "
                      + pick(random, SECOND)
                      + ". Genres: "
                      + genre
                      + (other.equals(genre) ? "" : ", " + other);
              case 1 ->
                  pick(random, MOMENTS)
                      + " "
                      + capitalise(genre)
                      + " "
                      + pick(random, MIXES)
                      + ". Genres: "
                      + genre
                      + (other.equals(genre) ? "" : ", " + other);
              default ->
                  pick(random, MOMENTS) + " " + capitalise(genre) + " " + pick(random, ROOMS);
            };
        texts.add(text);
      }
      return List.copyOf(texts);
    }

    /** A comma-separated list of words, so the lists read as lists. */
    private static String[] words(String list) {
      return list.split(", ");
    }

    private static String pick(Random random, String[] words) {
      return words[random.nextInt(words.length)];
    }

    private static String capitalise(String words) {
      StringBuilder out = new StringBuilder(words.length());
      boolean start = true;
      for (char c : words.toCharArray()) {
        out.append(start ? Character.toUpperCase(c) : c);
        start = c == ' ' || c == '-';
      }
      return out.toString();
    }

    private CatalogTexts() {}
  }
}
