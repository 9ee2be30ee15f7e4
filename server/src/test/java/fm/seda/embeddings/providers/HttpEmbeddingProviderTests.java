package fm.seda.embeddings.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpEmbeddingProviderTests {

  @Test
  void aVendorThatStallsMidBodyTimesOutAtTheReadLimit() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/embeddings",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0); // chunked: headers now, body later
          try (OutputStream body = exchange.getResponseBody()) {
            body.write("{\"object\":".getBytes(StandardCharsets.UTF_8));
            body.flush();
            Thread.sleep(5000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    try {
      var provider =
          new OpenAiProvider(
              "openai",
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "sk-test",
              "text-embedding-3-small",
              1536,
              new ProviderTimeouts(Duration.ofMillis(300), Duration.ofMillis(800)));
      long start = System.nanoTime();

      assertThatThrownBy(() -> provider.embed(List.of("stalled")))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("no answer within 800 ms")
          .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void retryAfterIsReadInSecondsOrAsADate() {
    assertThat(HttpEmbeddingProvider.retryAfter(java.util.Optional.of("7")))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(HttpEmbeddingProvider.retryAfter(java.util.Optional.of("soon"))).isNull();
    assertThat(HttpEmbeddingProvider.retryAfter(java.util.Optional.empty())).isNull();
    String inTwoMinutes =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2));
    assertThat(HttpEmbeddingProvider.retryAfter(java.util.Optional.of(inTwoMinutes)))
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
  }
}
