package fm.seda.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The seda executable. {@code ./seda} builds it and passes its arguments here; {@code ./seda test}
 * is handled by the script itself.
 */
@Command(
    name = "seda",
    mixinStandardHelpOptions = true,
    version = "seda 0.1.0",
    description = "Open recommendation engine for social music apps.",
    subcommands = {
      RunCommand.class,
      SeedCommand.class,
      TokenCommand.class,
      EmbedctlCommand.class,
      AuditCommand.class,
      EvaluateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SedaCli implements Runnable {

  public static void main(String[] args) {
    int code =
        new CommandLine(new SedaCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
