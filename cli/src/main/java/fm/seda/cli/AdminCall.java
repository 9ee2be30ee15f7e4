package fm.seda.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A command that makes one admin API call (embedctl's, audit's). Failures print as {@code
 * <command>: <message>} (the command under {@code seda}) with any hints on stderr and end with the
 * failure's exit code.
 */
abstract class AdminCall implements Callable<Integer> {

  @Mixin AdminApiOptions options = new AdminApiOptions();

  @Spec @Nullable CommandSpec spec;

  /** Set by {@link #run} when the answer itself means failure (an audit that found something). */
  private int exitCode;

  @Override
  public final Integer call() {
    CommandSpec command = Objects.requireNonNull(spec);
    CommandLine commandLine = command.commandLine();
    try {
      PrintWriter out = commandLine.getOut();
      out.print(run(options.connect()));
      out.flush();
      return exitCode;
    } catch (CommandFailure failure) {
      PrintWriter err = commandLine.getErr();
      err.println(topLevelName(command) + ": " + failure.getMessage());
      failure.hints().forEach(hint -> err.println("hint: " + hint));
      err.flush();
      return failure.exitCode();
    }
  }

  /** Calls the API and returns what to print. */
  abstract String run(AdminApi api);

  /** What the command exits with after printing its answer; 0 unless set. */
  final void exitWith(int code) {
    exitCode = code;
  }

  /** The answer as a table, or with --json as the server sent it. */
  final String show(JsonNode answer, Function<JsonNode, String> view) {
    return options.json
        ? AdminApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n"
        : view.apply(answer);
  }

  /** {@code embedctl} for {@code seda embedctl spend status}. */
  private static String topLevelName(CommandSpec command) {
    CommandSpec at = command;
    while (at.parent() != null && at.parent().parent() != null) {
      at = at.parent();
    }
    return at.name();
  }
}
