package fm.seda.benchmarks;

import fm.seda.engine.cf.AlsModel;
import fm.seda.engine.cf.AlsParams;
import fm.seda.engine.cf.ImplicitAls;
import fm.seda.engine.cf.Interactions;
import fm.seda.engine.cf.ScoredItem;
import fm.seda.engine.cf.TrainingProgress;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import fm.seda.engine.synth.ProgressListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@link ImplicitAls} takes to train on a demo world, and how much heap it needs. Target
 * (ALS work item): the {@code large} profile trains with the default settings (64 factors, 15
 * iterations, 3 CG steps) in under 5 minutes on the 2-core CI machine.
 *
 * <p>The world's interactions go into one item space: artists, then rooms, then playlists, at
 * offset indices. A listen contributes log1p(listen count), a follow 1 (adding to the listen of the
 * same artist), a joined room 1 and a saved playlist 1.
 *
 * <p>The JMH benchmark times one training per fork (single shot, no warm-up: training is itself
 * minutes of hot loops, and one shot is what a nightly retrain costs). {@link #main} is the fuller
 * report: sizes, seconds per iteration, live and peak heap, and a sanity check of quality — hit
 * rate@10 on one held-out interaction for each of 2,000 sampled users, against recommending the
 * most popular items. Run from the repository root with a JDK 21+:
 *
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
 * ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar fm.seda.benchmarks.AlsTrainingBenchmark large 2 \
 *   | tee benchmarks/results/als-training-$(date +%F).txt
 * java -jar benchmarks/target/benchmarks.jar AlsTrainingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class AlsTrainingBenchmark {

  /** The world's seed, the same as {@code DemoWorldBenchmark}'s. */
  static final long WORLD_SEED = 20251106L;

  /** Which users and which of their interactions are held out for the hit rate. */
  static final long HOLDOUT_SEED = 20261123L;

  static final int HELD_OUT_USERS = 2_000;
  static final int K = 10;

  @Param({"large"})
  String profile;

  @Param({"2"})
  int threads;

  Interactions interactions;

  @Setup
  public void world() {
    interactions =
        interactions(
            DemoWorld.generate(
                DemoProfile.fromId(profile), taxonomy(), WORLD_SEED, ProgressListener.NONE),
            new int[0],
            new int[0]);
  }

  @Benchmark
  public AlsModel train() {
    return ImplicitAls.train(
        interactions, AlsParams.defaults().withThreads(threads), TrainingProgress.NONE);
  }

  /** 18 families of 18 genres: the shape of the bundled taxonomy (as in DemoWorldBenchmark). */
  static List<GenreRef> taxonomy() {
    var genres = new ArrayList<GenreRef>();
    for (int f = 0; f < 18; f++) {
      for (int g = 0; g < 18; g++) {
        genres.add(new GenreRef("family " + f, "genre " + f + "." + g));
      }
    }
    return genres;
  }

  /**
   * The world's interactions in one item space (artists, rooms, playlists), without the pairs
   * (heldUser[k], heldItem[k]); {@code heldUser} is ascending.
   */
  static Interactions interactions(DemoWorld world, int[] heldUser, int[] heldItem) {
    int artists = world.artists().size();
    int rooms = world.rooms().size();
    int items = artists + rooms + world.playlists().size();
    var builder = Interactions.builder(world.users().size(), items);
    for (DemoWorld.User user : world.users()) {
      int u = user.index();
      int h = Arrays.binarySearch(heldUser, u);
      int held = h >= 0 ? heldItem[h] : -1;
      for (int k = 0; k < user.listenedArtists().length; k++) {
        addUnlessHeld(
            builder,
            u,
            user.listenedArtists()[k],
            (float) Math.log1p(user.listenCounts()[k]),
            held);
      }
      for (int a : user.follows()) {
        addUnlessHeld(builder, u, a, 1f, held);
      }
      for (int r : user.rooms()) {
        addUnlessHeld(builder, u, artists + r, 1f, held);
      }
      for (int p : user.savedPlaylists()) {
        addUnlessHeld(builder, u, artists + rooms + p, 1f, held);
      }
    }
    return builder.build();
  }

  private static void addUnlessHeld(
      Interactions.Builder builder, int user, int item, float strength, int held) {
    if (item != held) {
      builder.add(user, item, strength);
    }
  }

  /** Arguments: profile (default large), threads (default 2). */
  public static void main(String[] args) {
    DemoProfile profile = DemoProfile.fromId(args.length > 0 ? args[0] : "large");
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    long t0 = System.nanoTime();
    DemoWorld world = DemoWorld.generate(profile, taxonomy(), WORLD_SEED, ProgressListener.NONE);
    System.out.printf("[als] world %s generated in %.1f s%n", profile.id(), seconds(t0));

    // hold out one random distinct item of each of 2,000 random users with at least 2 items
    Interactions all = interactions(world, new int[0], new int[0]);
    var random = new SplittableRandom(HOLDOUT_SEED);
    int[] heldUser = new int[HELD_OUT_USERS];
    int[] heldItem = new int[HELD_OUT_USERS];
    boolean[] chosen = new boolean[all.users()];
    for (int n = 0; n < HELD_OUT_USERS; ) {
      int u = random.nextInt(all.users());
      int[] seen = all.itemsOf(u);
      if (!chosen[u] && seen.length >= 2) {
        chosen[u] = true;
        heldUser[n++] = u;
      }
    }
    Arrays.sort(heldUser);
    for (int k = 0; k < HELD_OUT_USERS; k++) {
      int[] seen = all.itemsOf(heldUser[k]);
      heldItem[k] = seen[random.nextInt(seen.length)];
    }
    Interactions training = interactions(world, heldUser, heldItem);
    world = null;
    all = null;
    int itemsWithInteractions = 0;
    for (int i = 0; i < training.items(); i++) {
      itemsWithInteractions += training.usersOf(i).length > 0 ? 1 : 0;
    }
    System.out.printf(
        "[als] users=%d items=%d (%d with interactions) nonZeros=%d (%.1f per user), %d held"
            + " out%n",
        training.users(),
        training.items(),
        itemsWithInteractions,
        training.nonZeros(),
        (double) training.nonZeros() / training.users(),
        HELD_OUT_USERS);

    long liveBefore = liveHeapAfterGc();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    AlsParams params = AlsParams.defaults().withThreads(threads);
    System.out.printf("[als] params %s%n", params);
    long t1 = System.nanoTime();
    AlsModel model =
        ImplicitAls.train(
            training,
            params,
            (iteration, of, seconds, loss) ->
                System.out.printf(
                    "[als] iteration %d/%d at %.1f s, loss %.6f%n", iteration, of, seconds, loss));
    double trainSeconds = seconds(t1);
    long peakPools = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long liveAfter = liveHeapAfterGc();
    System.out.printf(
        "[als] trained in %.1f s (%.2f s/iteration, loss included), threads=%d%n",
        trainSeconds, trainSeconds / params.iterations(), threads);
    System.out.printf(
        "[als] heap: live before training %.0f MiB, live after (data + model) %.0f MiB,"
            + " peak used during training (sum of heap pool peaks, garbage included) %.0f MiB,"
            + " max %.0f MiB%n",
        liveBefore / 1048576.0,
        liveAfter / 1048576.0,
        peakPools / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);

    // popularity: users per item in training
    int[] popularity = new int[training.items()];
    for (int u = 0; u < training.users(); u++) {
      for (int i : training.itemsOf(u)) {
        popularity[i]++;
      }
    }
    Integer[] byPopularity = new Integer[training.items()];
    for (int i = 0; i < byPopularity.length; i++) {
      byPopularity[i] = i;
    }
    Arrays.sort(byPopularity, (a, b) -> Integer.compare(popularity[b], popularity[a]));
    int alsHits = 0;
    int popularHits = 0;
    long t2 = System.nanoTime();
    for (int k = 0; k < HELD_OUT_USERS; k++) {
      int u = heldUser[k];
      int[] seen = training.itemsOf(u);
      List<ScoredItem> top = model.recommend(u, K, i -> Arrays.binarySearch(seen, i) >= 0);
      int target = heldItem[k];
      if (top.stream().anyMatch(s -> s.item() == target)) {
        alsHits++;
      }
      int taken = 0;
      for (int r = 0; r < byPopularity.length && taken < K; r++) {
        int i = byPopularity[r];
        if (Arrays.binarySearch(seen, i) < 0) {
          taken++;
          if (i == target) {
            popularHits++;
            break;
          }
        }
      }
    }
    System.out.printf(
        "[als] hit rate@%d over %d held-out users: ALS %.3f, most popular %.3f"
            + " (recommend: %.2f ms per user)%n",
        K,
        HELD_OUT_USERS,
        (double) alsHits / HELD_OUT_USERS,
        (double) popularHits / HELD_OUT_USERS,
        seconds(t2) * 1000 / HELD_OUT_USERS);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static long liveHeapAfterGc() {
    System.gc();
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }
}
