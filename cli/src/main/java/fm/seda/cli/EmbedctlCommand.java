package fm.seda.cli;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seda embedctl}: the operators' controls for embedding spend and background jobs. Every
 * command is one call to the running server's admin API (see {@link AdminApi}); the server decides
 * and records, the CLI only asks and prints.
 */
@Command(
    name = "embedctl",
    mixinStandardHelpOptions = true,
    description = {
      "Embedding spend and jobs, through the running server's admin API.",
      "Needs an admin token: export SEDA_TOKEN=$(./seda token --user ops --role admin)"
    },
    subcommands = {
      EmbedctlCommand.Spend.class,
      EmbedctlCommand.Actions.class,
      EmbedctlCommand.Providers.class,
      EmbedctlCommand.JobQueues.class,
      EmbedctlCommand.PauseJobs.class,
      EmbedctlCommand.ResumeJobs.class,
      EmbedctlCommand.SwitchModel.class,
      CommandLine.HelpCommand.class
    })
final class EmbedctlCommand {

  @Command(
      name = "spend",
      mixinStandardHelpOptions = true,
      description = "The month's embedding spend against the cap.",
      subcommands = {SpendStatus.class, SimulateSpend.class})
  static final class Spend {}

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Month-to-date and projected spend, the share of the cap, the enforcement level and"
              + " spend per provider.")
  static final class SpendStatus extends AdminCall {
    @Override
    String run(AdminApi api) {
      return show(api.get("/admin/spend-status"), EmbedctlViews::spendStatus);
    }
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = {
        "Pretend the projection is N%% of the cap, to exercise the actions at 80%% and 100%%;"
            + " --reset ends the pretence.",
        "Only on a server started with --sandbox."
      })
  static final class SimulateSpend extends AdminCall {

    static final class Choice {
      @Option(
          names = "--percent",
          paramLabel = "N",
          description = "Projected spend as a percentage of the cap (0 to 1000)")
      @Nullable Double percent;

      @Option(names = "--reset", description = "End the simulation")
      boolean reset;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice = new Choice();

    @Override
    String run(AdminApi api) {
      Map<String, ?> body =
          choice.percent != null ? Map.of("percent", choice.percent) : Map.of("reset", true);
      try {
        return show(
            api.post("/admin/test/embeddings/simulate-spend", body), EmbedctlViews::spendStatus);
      } catch (ServerProblem problem) {
        if (problem.status() == 404) {
          throw CommandFailure.refused(
              "spend simulation is only available on a server started with --sandbox");
        }
        throw problem;
      }
    }
  }

  @Command(
      name = "actions",
      mixinStandardHelpOptions = true,
      description = "Enforcement and operator actions on embedding spend, newest first.")
  static final class Actions extends AdminCall {

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "How many (1 to 500, default 20)")
    int limit = 20;

    @Override
    String run(AdminApi api) {
      if (limit < 1 || limit > 500) {
        throw CommandFailure.usage("--limit must be between 1 and 500, got " + limit);
      }
      return show(api.get("/admin/embeddings/actions?limit=" + limit), EmbedctlViews::actions);
    }
  }

  @Command(
      name = "providers",
      mixinStandardHelpOptions = true,
      description = "Configured embedding providers with model, dimension, circuit breaker, price.")
  static final class Providers extends AdminCall {
    @Override
    String run(AdminApi api) {
      return show(api.get("/admin/embeddings/providers"), EmbedctlViews::providers);
    }
  }

  @Command(
      name = "jobs",
      mixinStandardHelpOptions = true,
      description = "Background jobs waiting, per region and kind, and which kinds are paused.")
  static final class JobQueues extends AdminCall {
    @Override
    String run(AdminApi api) {
      return show(api.get("/admin/jobs"), EmbedctlViews::jobs);
    }
  }

  /** Pause or resume: the same call to two endpoints. */
  abstract static class ChangeJobs extends AdminCall {

    @Option(
        names = "--kind",
        paramLabel = "KIND",
        description = "One embedding job kind, e.g. embed-catalog (default: all of them)")
    @Nullable String kind;

    abstract String endpoint();

    @Override
    String run(AdminApi api) {
      Map<String, ?> body = kind == null ? Map.of() : Map.of("kind", kind);
      return show(api.post(endpoint(), body), EmbedctlViews::jobsChanged);
    }
  }

  @Command(
      name = "pause-jobs",
      mixinStandardHelpOptions = true,
      description = "Pause embedding background jobs: queued ones wait, running ones finish.")
  static final class PauseJobs extends ChangeJobs {
    @Override
    String endpoint() {
      return "/admin/embeddings/actions/pause-jobs";
    }
  }

  @Command(
      name = "resume-jobs",
      mixinStandardHelpOptions = true,
      description = "Resume paused embedding background jobs.")
  static final class ResumeJobs extends ChangeJobs {
    @Override
    String endpoint() {
      return "/admin/embeddings/actions/resume-jobs";
    }
  }

  @Command(
      name = "switch-model",
      mixinStandardHelpOptions = true,
      description = {
        "Serve a region's catalog or taste embeddings with another provider.",
        "The server refuses a provider of another dimension (the stored vectors would no longer"
            + " compare) and, in the EU, one that computes outside the EU."
      })
  static final class SwitchModel extends AdminCall {

    @Option(names = "--region", required = true, paramLabel = "eu|us")
    String region = "";

    @Option(names = "--purpose", required = true, paramLabel = "catalog|user_taste")
    String purpose = "";

    @Option(
        names = "--provider",
        required = true,
        paramLabel = "NAME",
        description = "A provider name from `embedctl providers`")
    String provider = "";

    @Override
    String run(AdminApi api) {
      return show(
          api.post(
              "/admin/embeddings/actions/switch-model",
              Map.of("region", region, "purpose", purpose, "provider", provider)),
          EmbedctlViews::switched);
    }
  }
}
