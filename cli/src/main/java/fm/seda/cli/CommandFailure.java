package fm.seda.cli;

import java.util.List;

/**
 * Why a command gave up: one line for stderr (without the command's prefix), optional hints that
 * say what to do about it, and the exit code: 2 when the command could not be sent as given (usage,
 * no token, no server), 1 when the server refused it.
 */
class CommandFailure extends RuntimeException {

  static final int REFUSED = 1;
  static final int USAGE = 2;

  private final int exitCode;
  private final List<String> hints;

  CommandFailure(int exitCode, String message, List<String> hints) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.hints = List.copyOf(hints);
  }

  static CommandFailure usage(String message) {
    return new CommandFailure(USAGE, message, List.of());
  }

  static CommandFailure refused(String message) {
    return new CommandFailure(REFUSED, message, List.of());
  }

  int exitCode() {
    return exitCode;
  }

  List<String> hints() {
    return hints;
  }
}
