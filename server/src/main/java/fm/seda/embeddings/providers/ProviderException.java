package fm.seda.embeddings.providers;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A provider call that did not produce vectors. {@code retryable} says whether the same request may
 * succeed later (429, 5xx, timeouts, connection failures); {@code retryAfter} is the provider's own
 * hint (the {@code Retry-After} header) when it gave one.
 */
public class ProviderException extends RuntimeException {

  private final String provider;
  private final int status;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;

  public ProviderException(
      String provider,
      int status,
      boolean retryable,
      @Nullable Duration retryAfter,
      String message,
      @Nullable Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public String provider() {
    return provider;
  }

  /** The HTTP status, or 0 when there was no response (timeout, connection refused). */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
