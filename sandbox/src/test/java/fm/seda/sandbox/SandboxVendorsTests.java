package fm.seda.sandbox;

import static fm.seda.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxVendorsTests {

  @Test
  void startsBothVendorsWithTheirOwnKeysAndClosesBoth() {
    String openAiUrl;
    String cohereUrl;
    try (SandboxVendors vendors = SandboxVendors.start("sk-a", "co-b")) {
      openAiUrl = vendors.openAi().baseUrl() + "/v1/embeddings";
      cohereUrl = vendors.cohere().baseUrl() + "/v2/embed";
      assertThat(vendors.openAi().port()).isNotEqualTo(vendors.cohere().port());

      String openAiBody =
          TestHttp.json(Map.of("model", "text-embedding-3-small", "input", "hello"));
      String cohereBody =
          TestHttp.json(
              Map.of(
                  "model", "embed-v4.0", "texts", List.of("hello"), "input_type", "search_query"));
      assertThat(post(openAiUrl, "sk-a", openAiBody).statusCode()).isEqualTo(200);
      assertThat(post(openAiUrl, "co-b", openAiBody).statusCode()).isEqualTo(401);
      assertThat(post(cohereUrl, "co-b", cohereBody).statusCode()).isEqualTo(200);
      assertThat(post(cohereUrl, "sk-a", cohereBody).statusCode()).isEqualTo(401);
    }

    assertThatThrownBy(() -> post(openAiUrl, "sk-a", "{}"))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> post(cohereUrl, "co-b", "{}"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void bindsTheGivenPorts() throws IOException {
    int openAiPort = freePort();
    int coherePort = freePort();
    try (SandboxVendors vendors = SandboxVendors.start("sk-a", openAiPort, "co-b", coherePort)) {
      assertThat(vendors.openAi().baseUrl()).isEqualTo("http://127.0.0.1:" + openAiPort);
      assertThat(vendors.cohere().baseUrl()).isEqualTo("http://127.0.0.1:" + coherePort);
    }
  }

  @Test
  void closesTheFirstServerWhenTheSecondCannotBind() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int openAiPort = freePort();

      assertThatThrownBy(
              () -> SandboxVendors.start("sk-a", openAiPort, "co-b", taken.getLocalPort()))
          .isInstanceOf(UncheckedIOException.class);

      // The OpenAI port is free again: a new server can bind it.
      try (MockOpenAiServer again = MockOpenAiServer.start("sk-a", openAiPort)) {
        assertThat(again.port()).isEqualTo(openAiPort);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
