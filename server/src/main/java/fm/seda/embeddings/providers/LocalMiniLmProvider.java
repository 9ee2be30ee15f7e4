package fm.seda.embeddings.providers;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The EU runner: all-MiniLM-L6-v2 (384-d, mean pooling, L2-normalised) on ONNX Runtime, in process,
 * with the model read from a Maven artifact on the classpath. No network, ever.
 *
 * <p>Design note. ONNX Runtime's default session uses every core for intra-op parallelism, which on
 * a 2-core machine makes concurrent callers fight over the same cores. We build the session
 * ourselves with one intra-op thread and run texts in parallel on a pool with one thread per core
 * instead: measured on 2 cores, 2.3–2.9× the one-thread throughput at batches of 32–128
 * (docs/BENCHMARKS.md; the model choice is docs/adr/0005-local-embedding-model.md). The DJL
 * tokenizer would otherwise call home at start; {@link #quietDjl()} opts out.
 */
public final class LocalMiniLmProvider implements EmbeddingProvider, AutoCloseable {

  /** The two variants shipped by LangChain4j; the resource names inside their jars. */
  public enum Variant {
    QUANTIZED(
        "all-minilm-l6-v2-q", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json"),
    FULL("all-minilm-l6-v2", "/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json");

    final String model;
    final String onnx;
    final String tokenizer;

    Variant(String model, String onnx, String tokenizer) {
      this.model = model;
      this.onnx = onnx;
      this.tokenizer = tokenizer;
    }
  }

  static final int DIMENSION = 384;

  private final String name;
  private final Variant variant;
  private final ExecutorService pool;
  private final OrtSession session;
  private final Model model;

  public LocalMiniLmProvider(String name, Variant variant, int threads) {
    quietDjl();
    this.name = name;
    this.variant = variant;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads), Thread.ofPlatform().name("embed-local-", 0).daemon().factory());
    try (InputStream onnx = resource(variant.onnx);
        InputStream tokenizer = resource(variant.tokenizer);
        var options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      this.session = environment.createSession(onnx.readAllBytes(), options);
      this.model =
          new Model(pool, new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not read the " + variant.model + " model from the classpath", e);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime could not load " + variant.model + ": " + e.getMessage(), e);
    }
  }

  /** DJL's tokenizer phones home at start unless told not to; seda never does. */
  public static void quietDjl() {
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.offline", "true");
  }

  private static InputStream resource(String path) {
    InputStream in = LocalMiniLmProvider.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          "model resource "
              + path
              + " is missing: add the LangChain4j in-process embedding artifact");
    }
    return in;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String model() {
    return variant.model;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public String location() {
    return "eu";
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public int maxBatchSize() {
    return 512;
  }

  @Override
  public ProviderResult embed(List<String> texts) {
    Response<List<Embedding>> response =
        model.embedAll(texts.stream().map(TextSegment::from).toList());
    List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
    Integer tokens = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
    return new ProviderResult(vectors, tokens == null ? 0 : tokens);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      session.close();
    } catch (OrtException e) {
      // closing at shutdown: nothing left to do with the error
    }
  }

  /** LangChain4j's in-process model around our own session, so we control its threads. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(ExecutorService executor, OnnxBertBiEncoder encoder) {
      super(executor);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
  }
}
