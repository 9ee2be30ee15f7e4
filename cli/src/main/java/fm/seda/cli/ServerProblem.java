package fm.seda.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An error answer from the server, usually an RFC 7807 problem ({@code title}, {@code detail},
 * {@code request_id}); the request id is what to quote when asking the server's operators.
 */
final class ServerProblem extends CommandFailure {

  private final int status;

  ServerProblem(
      int status,
      String title,
      @Nullable String detail,
      @Nullable String requestId,
      List<String> hints) {
    super(REFUSED, describe(status, title, detail, requestId), hints);
    this.status = status;
  }

  int status() {
    return status;
  }

  private static String describe(
      int status, String title, @Nullable String detail, @Nullable String requestId) {
    var line = new StringBuilder(title);
    if (detail != null && !detail.isBlank()) {
      line.append(": ").append(detail);
    }
    line.append(" (HTTP ").append(status);
    if (requestId != null && !requestId.isBlank()) {
      line.append(", request ").append(requestId);
    }
    return line.append(')').toString();
  }
}
