package fm.seda.benchmarks;

import fm.seda.engine.synth.DemoProfile;
import fm.seda.engine.synth.DemoWorld;
import fm.seda.engine.synth.GenreRef;
import fm.seda.engine.synth.ProgressListener;
import java.util.ArrayList;
import java.util.List;
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
 * How long generating a demo world takes, without the database (the in-memory half of {@code ./seda
 * seed}). Run:
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DemoWorldBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class DemoWorldBenchmark {

  @Param({"smoke", "medium", "large"})
  String profile;

  List<GenreRef> genres;

  @Setup
  public void taxonomy() {
    // 18 families of 18 genres: the shape of the bundled taxonomy (332 genres in 18 families)
    genres = new ArrayList<>();
    for (int f = 0; f < 18; f++) {
      for (int g = 0; g < 18; g++) {
        genres.add(new GenreRef("family " + f, "genre " + f + "." + g));
      }
    }
  }

  @Benchmark
  public DemoWorld generate() {
    return DemoWorld.generate(
        DemoProfile.fromId(profile), genres, 20251106L, ProgressListener.NONE);
  }
}
