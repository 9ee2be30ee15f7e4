package fm.seda.demo.internal;

import fm.seda.accounts.Accounts;
import fm.seda.demo.DemoData;
import fm.seda.engine.synth.DemoProfile;
import fm.seda.regions.RegionRouter;
import fm.seda.security.AuthProperties;
import fm.seda.security.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The embedded default's welcome: seeds the demo catalog into an empty embedded database, makes
 * sure the {@code demo} user exists, and prints where everything is with a token to paste. Does
 * nothing of the kind against a real PostgreSQL.
 */
@Component
@ConditionalOnWebApplication
class DemoStartup {

  private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);
  static final String DEMO_USER = "demo";

  private final DemoData demo;
  private final Accounts accounts;
  private final RegionRouter regions;
  private final AuthProperties auth;
  private final Environment environment;
  private final boolean seedOnStart;
  private final String profile;
  private final Path dataDirectory;

  DemoStartup(
      DemoData demo,
      Accounts accounts,
      RegionRouter regions,
      AuthProperties auth,
      Environment environment,
      @Value("${seda.demo.seed-on-start}") boolean seedOnStart,
      @Value("${seda.demo.profile}") String profile,
      @Value("${seda.data-dir}") Path dataDirectory) {
    this.demo = demo;
    this.accounts = accounts;
    this.regions = regions;
    this.auth = auth;
    this.environment = environment;
    this.seedOnStart = seedOnStart;
    this.profile = profile;
    this.dataDirectory = dataDirectory;
  }

  @EventListener(ApplicationReadyEvent.class)
  void welcome() {
    if (!regions.isEmbedded()) {
      // A configured database may be production: no demo data, no demo account, no token.
      printBanner(false);
      return;
    }
    if (seedOnStart && demo.catalogIsEmpty()) {
      log.info("Empty embedded database: seeding the '{}' demo world", profile);
      DemoData.SeedReport report =
          demo.seed(
              DemoProfile.fromId(profile),
              (phase, done, total) -> {
                if (done == total) {
                  log.info("Demo seed: {} {}/{}", phase, done, total);
                }
              });
      log.info("Demo seed finished: {}", report);
    }
    String subject = DevTokens.subjectFor(DEMO_USER);
    accounts.create(subject, DEMO_USER);
    if (accounts.require(subject).preferences().genres().isEmpty()) {
      accounts.chooseGenres(subject, List.of("deep house", "indie rock", "jazz"));
    }
    printBanner(!auth.usesJwks());
  }

  private void printBanner(boolean withDemoToken) {
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    String base = "http://localhost:" + port;
    var text = new StringBuilder();
    text.append("\n  seda is running\n");
    text.append("    API          ").append(base).append('\n');
    text.append("    Swagger UI   ").append(base).append("/swagger-ui.html\n");
    text.append("    OpenAPI      ").append(base).append("/v3/api-docs\n");
    text.append("    Health       ").append(base).append("/actuator/health\n");
    text.append("    Data         ")
        .append(dataDirectory.toAbsolutePath().normalize())
        .append('\n');
    if (withDemoToken) {
      String token =
          DevTokens.mint(
              DevTokens.effectiveSecret(auth, dataDirectory),
              auth.issuer(),
              DEMO_USER,
              Duration.ofHours(24));
      text.append("\n  Demo bearer token (user 'demo', valid 24 h):\n    ")
          .append(token)
          .append('\n');
      text.append("\n  Try:  curl -H \"Authorization: Bearer <token>\" ")
          .append(base)
          .append("/me\n");
      text.append(
          "  More: TOKEN=$(./seda token --user alice)   ./seda token --user ops --role admin\n");
    }
    text.append("  Stop with Ctrl-C.\n");
    // The console, not the log: a person reads this once; log pipelines must never carry tokens.
    System.out.println(text);
  }
}
