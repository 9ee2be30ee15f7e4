package fm.seda.embeddings.internal;

import fm.seda.embeddings.providers.ProviderException;
import fm.seda.embeddings.providers.ProviderResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces texts from many callers into provider calls of up to {@code maxItems} texts, waiting at
 * most {@code window} after the first text of a batch for more to arrive (the seed's 128 items /
 * 200 ms). Each caller gets a future per text; a failed call fails every text in it, and the caller
 * decides where to go next.
 *
 * <p>One dispatcher thread fills batches; calls run on virtual threads, at most {@code
 * concurrentCalls} at a time per provider, so a slow provider call does not stop the next batch
 * from filling.
 */
final class Batcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Batcher.class);

  /** One text's share of a call: its vector and its share of the billed tokens. */
  record Embedded(float[] vector, double tokens) {}

  private record Pending(String text, CompletableFuture<Embedded> future, long deadlineNanos) {}

  private final ResilientProvider provider;
  private final int maxItems;
  private final Duration window;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Semaphore calls;
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread dispatcher;
  private final DistributionSummary batchSizes;
  private volatile boolean running = true;

  Batcher(
      ResilientProvider provider,
      int maxItems,
      Duration window,
      int concurrentCalls,
      MeterRegistry meters) {
    this.provider = provider;
    this.maxItems = Math.max(1, Math.min(maxItems, provider.provider().maxBatchSize()));
    this.window = window;
    this.calls = new Semaphore(concurrentCalls);
    String name = provider.provider().name();
    this.batchSizes =
        DistributionSummary.builder("seda.embeddings.batch.size")
            .description("Texts per provider call")
            .tag("provider", name)
            .register(meters);
    Gauge.builder("seda.embeddings.queue.depth", queue, LinkedBlockingQueue::size)
        .description("Texts waiting to be batched")
        .tag("provider", name)
        .register(meters);
    this.dispatcher =
        Thread.ofPlatform().daemon().name("embed-batcher-" + name).start(this::dispatch);
  }

  ResilientProvider provider() {
    return provider;
  }

  int maxItems() {
    return maxItems;
  }

  /** Queues {@code texts}; the futures complete in any order but each belongs to its own text. */
  List<CompletableFuture<Embedded>> submit(List<String> texts, long deadlineNanos) {
    var futures = new ArrayList<CompletableFuture<Embedded>>(texts.size());
    for (String text : texts) {
      var future = new CompletableFuture<Embedded>();
      futures.add(future);
      queue.add(new Pending(text, future, deadlineNanos));
    }
    return futures;
  }

  private void dispatch() {
    while (running) {
      try {
        Pending first = queue.take();
        var batch = new ArrayList<Pending>(maxItems);
        batch.add(first);
        long closeAt = System.nanoTime() + window.toNanos();
        while (batch.size() < maxItems) {
          long wait = closeAt - System.nanoTime();
          Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        calls.acquire();
        callers.submit(() -> call(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void call(List<Pending> batch) {
    try {
      long deadline = batch.stream().mapToLong(Pending::deadlineNanos).min().orElseThrow();
      List<String> texts = batch.stream().map(Pending::text).toList();
      batchSizes.record(texts.size());
      ProviderResult result = provider.embed(texts, deadline);
      long chars = Math.max(1, texts.stream().mapToLong(String::length).sum());
      for (int i = 0; i < batch.size(); i++) {
        double share = (double) result.tokens() * texts.get(i).length() / chars;
        batch.get(i).future().complete(new Embedded(result.vectors().get(i), share));
      }
    } catch (ProviderException e) {
      batch.forEach(p -> p.future().completeExceptionally(e));
    } catch (RuntimeException e) {
      log.warn("Embedding call to {} failed unexpectedly", provider.provider().name(), e);
      ProviderException wrapped =
          new ProviderException(
              provider.provider().name(),
              0,
              true,
              null,
              "unexpected failure: " + e.getMessage(),
              e);
      batch.forEach(p -> p.future().completeExceptionally(wrapped));
    } finally {
      calls.release();
    }
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    callers.shutdownNow();
    ProviderException closing =
        new ProviderException(provider.provider().name(), 0, false, null, "shutting down", null);
    queue.forEach(p -> p.future().completeExceptionally(closing));
  }
}
