package fm.seda.embeddings.internal;

import fm.seda.embeddings.providers.EmbeddingProvider;
import fm.seda.embeddings.providers.ProviderException;
import fm.seda.embeddings.providers.ProviderResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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

  /** Who a text's cost is charged to: the data's region, purpose, priority and job. */
  record UsageTag(
      String region, String purpose, String priority, @Nullable UUID jobId, boolean shadow) {}

  private record Pending(
      String text, CompletableFuture<Embedded> future, long deadlineNanos, UsageTag tag) {}

  private final ResilientProvider provider;
  private final SpendLedger ledger;
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
      SpendLedger ledger,
      int maxItems,
      Duration window,
      int concurrentCalls,
      MeterRegistry meters) {
    this.provider = provider;
    this.ledger = ledger;
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
  List<CompletableFuture<Embedded>> submit(List<String> texts, long deadlineNanos, UsageTag tag) {
    var futures = new ArrayList<CompletableFuture<Embedded>>(texts.size());
    for (String text : texts) {
      var future = new CompletableFuture<Embedded>();
      futures.add(future);
      queue.add(new Pending(text, future, deadlineNanos, tag));
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

  private void call(List<Pending> queued) {
    List<Pending> batch = new ArrayList<>(queued.size());
    try {
      // Nobody waits for a text whose caller gave up (timed out, failed over): don't pay for it.
      long now = System.nanoTime();
      for (Pending p : queued) {
        if (p.future().isDone()) {
          continue;
        }
        if (p.deadlineNanos() <= now) {
          p.future()
              .completeExceptionally(
                  new ProviderException(
                      provider.provider().name(),
                      0,
                      true,
                      null,
                      "deadline passed while queued",
                      null));
          continue;
        }
        batch.add(p);
      }
      if (batch.isEmpty()) {
        return;
      }
      long deadline = batch.stream().mapToLong(Pending::deadlineNanos).min().orElseThrow();
      List<String> texts = batch.stream().map(Pending::text).toList();
      batchSizes.record(texts.size());
      ProviderResult result = provider.embed(texts, deadline);
      long chars = Math.max(1, texts.stream().mapToLong(String::length).sum());
      var billed = new LinkedHashMap<UsageTag, double[]>(); // tag -> {items, tokens}
      double[] shares = new double[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        shares[i] = (double) result.tokens() * texts.get(i).length() / chars;
        double[] sums = billed.computeIfAbsent(batch.get(i).tag(), t -> new double[2]);
        sums[0]++;
        sums[1] += shares[i];
      }
      meter(billed); // persisted before anyone gets a vector, so no spend goes unrecorded
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(new Embedded(result.vectors().get(i), shares[i]));
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

  /**
   * Records what the vendor billed for this call, per tag, at the point of billing: vectors a
   * caller no longer wanted, or a part of a request that later failed over, still cost money.
   */
  private void meter(Map<UsageTag, double[]> billed) {
    EmbeddingProvider p = provider.provider();
    billed.forEach(
        (tag, sums) -> {
          String region =
              "eu".equals(tag.region()) && !"eu".equals(p.location())
                  ? "non-eu-temp"
                  : tag.region();
          ledger.record(
              new SpendLedger.Usage(
                  p.name(),
                  p.model(),
                  region,
                  tag.purpose(),
                  tag.priority(),
                  tag.jobId(),
                  (int) sums[0],
                  Math.round(sums[1]),
                  cost(provider.pricePerMillionTokens(), sums[1]),
                  tag.shadow()));
        });
  }

  static BigDecimal cost(BigDecimal pricePerMillion, double tokens) {
    return pricePerMillion
        .multiply(BigDecimal.valueOf(tokens), MathContext.DECIMAL64)
        .divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64)
        .setScale(8, RoundingMode.HALF_UP);
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    callers.shutdownNow();
    ProviderException closing =
        new ProviderException(provider.provider().name(), 0, false, null, "shutting down", null);
    queue.forEach(p -> p.future().completeExceptionally(closing));
    if (provider.provider() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn(
            "Provider {} did not close cleanly: {}", provider.provider().name(), e.getMessage());
      }
    }
  }
}
