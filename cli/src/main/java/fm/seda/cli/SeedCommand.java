package fm.seda.cli;

import fm.seda.SedaApplication;
import fm.seda.demo.DemoData;
import fm.seda.engine.synth.DemoProfile;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a demo world and load it into both regional databases (idempotent).",
      "Profiles: smoke (~1k artists, 500 users), medium (~20k artists, 10k users),"
          + " large (~200k artists, 100k users, 1M friend edges).",
      "Works beside a running ./seda run: it attaches to the same embedded PostgreSQL."
    })
final class SeedCommand implements Callable<Integer> {

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--profile",
      defaultValue = "smoke",
      description = "smoke, medium or large (default smoke)")
  String profile = "smoke";

  @Override
  public Integer call() {
    DemoProfile chosen;
    try {
      chosen = DemoProfile.fromId(profile);
    } catch (IllegalArgumentException e) {
      System.err.println("seda seed: " + e.getMessage());
      return 2;
    }
    var args = new ArrayList<>(server.springArgs());
    args.add("--seda.demo.seed-on-start=false");
    // the catalog it writes is embedded by the server's job worker, not by this short-lived process
    args.add("--seda.jobs.enabled=false");
    args.add("--logging.level.root=warn");
    args.add("--logging.structured.format.console=");
    var application = new SpringApplication(SedaApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    ConfigurableApplicationContext started;
    try {
      started = application.run(args.toArray(String[]::new));
    } catch (RuntimeException e) {
      System.err.println("seda seed: could not start: " + StartupFailure.reason(e));
      return 1;
    }
    try (ConfigurableApplicationContext context = started) {
      var bar = new ConsoleProgress(System.err);
      DemoData.SeedReport report = context.getBean(DemoData.class).seed(chosen, bar);
      bar.finish();
      System.out.printf(
          "Seeded profile %s in %.1f s: %,d artists, %,d playlists, %,d rooms, %,d users (%,d EU), %,d friend edges%n",
          report.profile(),
          report.took().toMillis() / 1000.0,
          report.artists(),
          report.playlists(),
          report.rooms(),
          report.users(),
          report.euUsers(),
          report.friendEdges());
      return 0;
    }
  }
}
