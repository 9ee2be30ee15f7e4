package fm.seda.sandbox;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the mock embedding vendors together: a {@link MockOpenAiServer} and a {@link
 * MockCohereServer}, each with its own API key and port (0 for an ephemeral one), and closes both.
 * If the second server cannot start, the first is closed before the failure propagates.
 *
 * <p>{@link #main} runs them for manual QA and prints their base URLs; it does not reproduce any
 * other vendor and does no configuration beyond keys and ports.
 */
public final class SandboxVendors implements AutoCloseable {

  /** The OpenAI key {@link #main} accepts unless told otherwise. */
  public static final String DEFAULT_OPENAI_KEY = "sk-sandbox";

  /** The Cohere key {@link #main} accepts unless told otherwise. */
  public static final String DEFAULT_COHERE_KEY = "cohere-sandbox";

  private final MockOpenAiServer openAi;
  private final MockCohereServer cohere;

  private SandboxVendors(MockOpenAiServer openAi, MockCohereServer cohere) {
    this.openAi = openAi;
    this.cohere = cohere;
  }

  /** Starts both servers on ephemeral loopback ports. */
  public static SandboxVendors start(String openAiKey, String cohereKey) {
    return start(openAiKey, 0, cohereKey, 0);
  }

  /**
   * Starts both servers on the given loopback ports (0 for an ephemeral port).
   *
   * @throws java.io.UncheckedIOException if a port cannot be bound
   */
  public static SandboxVendors start(
      String openAiKey, int openAiPort, String cohereKey, int coherePort) {
    Objects.requireNonNull(cohereKey, "cohereKey");
    MockOpenAiServer openAi = MockOpenAiServer.start(openAiKey, openAiPort);
    try {
      return new SandboxVendors(openAi, MockCohereServer.start(cohereKey, coherePort));
    } catch (RuntimeException e) {
      openAi.close();
      throw e;
    }
  }

  /** The OpenAI mock. */
  public MockOpenAiServer openAi() {
    return openAi;
  }

  /** The Cohere mock. */
  public MockCohereServer cohere() {
    return cohere;
  }

  /** Closes both servers; idempotent. */
  @Override
  public void close() {
    try {
      openAi.close();
    } finally {
      cohere.close();
    }
  }

  /**
   * Runs both mocks until the JVM is stopped (Ctrl-C) and prints their base URLs. Options: {@code
   * --openai-key=K}, {@code --cohere-key=K}, {@code --openai-port=N}, {@code --cohere-port=N}
   * (default: the default keys and ephemeral ports).
   */
  public static void main(String[] args) throws InterruptedException {
    String openAiKey = DEFAULT_OPENAI_KEY;
    String cohereKey = DEFAULT_COHERE_KEY;
    int openAiPort = 0;
    int coherePort = 0;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? "" : arg.substring(eq + 1);
      try {
        switch (name) {
          case "--openai-key" -> openAiKey = value;
          case "--cohere-key" -> cohereKey = value;
          case "--openai-port" -> openAiPort = Integer.parseInt(value);
          case "--cohere-port" -> coherePort = Integer.parseInt(value);
          default -> {
            usage("unknown option " + arg);
            return;
          }
        }
      } catch (NumberFormatException e) {
        usage("not a port number: " + arg);
        return;
      }
    }
    SandboxVendors vendors = start(openAiKey, openAiPort, cohereKey, coherePort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vendors.close();
                  stopped.countDown();
                },
                "sandbox-vendors-shutdown"));
    System.out.println(
        "OpenAI mock: "
            + vendors.openAi().baseUrl()
            + "/v1/embeddings (key "
            + openAiKey
            + ", knobs "
            + vendors.openAi().baseUrl()
            + VendorHttpServer.KNOBS_PATH
            + ")");
    System.out.println(
        "Cohere mock: "
            + vendors.cohere().baseUrl()
            + "/v2/embed (key "
            + cohereKey
            + ", knobs "
            + vendors.cohere().baseUrl()
            + VendorHttpServer.KNOBS_PATH
            + ")");
    System.out.println("Ctrl-C to stop.");
    stopped.await();
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: SandboxVendors [--openai-key=K] [--cohere-key=K] [--openai-port=N]"
            + " [--cohere-port=N]");
    System.exit(2);
  }
}
