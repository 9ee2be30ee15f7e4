package fm.seda.engine.cf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs a loop over fixed-size chunks of rows on a few threads. Chunks are handed out dynamically
 * (rows differ a lot in cost under a power law), but their boundaries depend only on the row count
 * and chunk size, so per-chunk results are the same whatever the number of threads.
 */
final class RowWorkers implements AutoCloseable {

  /** The work on one chunk; {@code worker} is 0 … threads - 1, for per-thread scratch space. */
  @FunctionalInterface
  interface ChunkTask {
    void run(int chunk, int from, int to, int worker);
  }

  private final int threads;
  private final @Nullable ExecutorService pool;

  RowWorkers(int threads) {
    this.threads = threads;
    if (threads == 1) {
      pool = null;
    } else {
      var counter = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "seda-als-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
  }

  int threads() {
    return threads;
  }

  static int chunkCount(int rows, int chunkSize) {
    return (rows + chunkSize - 1) / chunkSize;
  }

  /** Runs {@code task} on every chunk of {@code rows} rows and returns when all are done. */
  void forEachChunk(int rows, int chunkSize, ChunkTask task) {
    int chunks = chunkCount(rows, chunkSize);
    if (pool == null || chunks <= 1) {
      for (int c = 0; c < chunks; c++) {
        task.run(c, c * chunkSize, Math.min(rows, (c + 1) * chunkSize), 0);
      }
      return;
    }
    var next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>(threads);
    for (int w = 0; w < threads; w++) {
      int worker = w;
      running.add(
          pool.submit(
              () -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                  task.run(c, c * chunkSize, Math.min(rows, (c + 1) * chunkSize), worker);
                }
              }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ALS training was interrupted", e);
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
