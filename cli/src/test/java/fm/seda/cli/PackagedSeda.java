package fm.seda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged executable ({@code target/seda.jar}) driven as processes, the way a person at a
 * terminal drives it: servers that run until stopped, and commands that print and exit. Shared by
 * the journey tests.
 */
final class PackagedSeda {

  static final Path JAR = Path.of("target/seda.jar");
  static final String JAVA = ProcessHandle.current().info().command().orElse("java");
  static final Duration STARTUP = Duration.ofMinutes(3);
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  /*
   * Commands see no SEDA_TOKEN or SEDA_URL from whoever runs the build, so a test states its own;
   * the data directory comes from each test's --data-dir.
   */
  private static final List<String> HIDDEN_ENVIRONMENT = List.of("SEDA_TOKEN", "SEDA_URL");

  private PackagedSeda() {}

  record Server(Process process, StringBuffer output) {
    String banner() {
      return output.toString();
    }

    String demoToken() {
      Matcher m = Pattern.compile("Demo bearer token[^\\n]*\\n\\s*(\\S+)").matcher(output);
      assertThat(m.find()).as("banner prints a demo token").isTrue();
      return m.group(1);
    }
  }

  record ProcessResult(int code, String out, String err) {}

  /** Starts {@code seda <args>} and returns once it prints "Stop with Ctrl-C". */
  static Server start(String... args) throws Exception {
    Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    var output = new StringBuffer();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                      output.append(line).append('\n');
                    }
                  } catch (IOException ignored) {
                    // the process ended
                  }
                });
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!output.toString().contains("Stop with Ctrl-C")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroy();
        reader.join(1000);
        throw new AssertionError("server did not start:\n" + output);
      }
      Thread.sleep(200);
    }
    return new Server(p, output);
  }

  /** SIGTERM, as Ctrl-C would send SIGINT: both run the shutdown hooks. */
  static void stop(Server server) throws InterruptedException {
    server.process().destroy();
    assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("server stops").isTrue();
  }

  /** Runs {@code seda <args>} to its end. */
  static ProcessResult exec(String... args) throws Exception {
    return exec(Map.of(), args);
  }

  /** Runs {@code seda <args>} to its end with these environment variables added. */
  static ProcessResult exec(Map<String, String> environment, String... args) throws Exception {
    var builder = new ProcessBuilder(command(args));
    HIDDEN_ENVIRONMENT.forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().close();
    // both streams at once, so neither can fill its pipe and block the process
    CompletableFuture<String> out = readAll(p.getInputStream());
    CompletableFuture<String> err = readAll(p.getErrorStream());
    if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("seda " + String.join(" ", args) + " did not finish");
    }
    return new ProcessResult(p.exitValue(), out.join(), err.join());
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> command(String... args) {
    var command =
        new ArrayList<>(
            List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        task -> Thread.ofVirtual().start(task));
  }
}
