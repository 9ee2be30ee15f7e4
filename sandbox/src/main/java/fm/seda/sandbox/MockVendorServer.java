package fm.seda.sandbox;

import fm.seda.sandbox.VendorHttpServer.Request;
import fm.seda.sandbox.VendorHttpServer.Response;
import java.util.Objects;

/**
 * What every mock vendor shares: a loopback HTTP server that accepts one API key, and the knobs and
 * counters of {@link VendorKnobs}. Subclasses reproduce one vendor's API in {@link #handle}.
 */
public abstract class MockVendorServer implements AutoCloseable {

  /** The key requests must carry as {@code Authorization: Bearer <key>}. */
  protected final String apiKey;

  private final VendorKnobs knobs = new VendorKnobs();
  private final VendorHttpServer http;

  MockVendorServer(String vendor, String apiKey, int port) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    this.apiKey = apiKey;
    this.http = VendorHttpServer.start(vendor, port, knobs, this::handle);
  }

  /** Answers one request on the vendor's paths (the knobs path is served by the HTTP layer). */
  abstract Response handle(Request request);

  /** The base URL, e.g. {@code http://127.0.0.1:43211}, without a trailing slash or API version. */
  public String baseUrl() {
    return http.baseUrl();
  }

  /** The bound port. */
  public int port() {
    return http.port();
  }

  /** This server's latency and failure knobs and request counters. */
  public VendorKnobs knobs() {
    return knobs;
  }

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    http.close();
  }
}
