package fm.seda.regions;

import fm.seda.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A personal write aimed at a database that does not hold its owner's data: refused before it
 * reaches the database ({@link RegionalDatabase#requireLocalOwners}), which would refuse it again.
 * Expected for the few seconds a residency move takes (the old database refuses the user's new
 * rows, the new one has no account yet), otherwise a routing bug in the caller: either way the
 * client is told to retry shortly (503 with Retry-After), without the databases and ids of the
 * technical message, which is logged.
 */
public class ResidencyViolation extends ApiProblem {

  private final String technical;

  public ResidencyViolation(String message) {
    super(
        HttpStatus.SERVICE_UNAVAILABLE,
        "residency-in-transit",
        "Try again shortly",
        "this account's data is being moved between regions; retry in a few seconds");
    this.technical = message;
    getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
  }

  @Override
  public String getMessage() {
    return technical;
  }
}
