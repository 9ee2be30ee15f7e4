package fm.seda.embeddings.providers;

import java.time.Duration;

/**
 * Limits of one vendor call: the seed's connect <= 300 ms and read <= 3 s. The total of <= 6 s per
 * request, retries included, is enforced by the service around the call.
 */
public record ProviderTimeouts(Duration connect, Duration read) {

  public static final ProviderTimeouts DEFAULT =
      new ProviderTimeouts(Duration.ofMillis(300), Duration.ofSeconds(3));
}
