package fm.seda.jobs;

import java.time.Duration;

/**
 * Thrown by a handler whose job cannot run yet but has not failed (a provider's breaker is open,
 * the spend cap holds): the job goes back to the queue for {@code delay} without using up one of
 * its attempts.
 */
public class JobDeferred extends RuntimeException {

  private final Duration delay;

  public JobDeferred(Duration delay, String reason) {
    super(reason);
    this.delay = delay;
  }

  public Duration delay() {
    return delay;
  }
}
