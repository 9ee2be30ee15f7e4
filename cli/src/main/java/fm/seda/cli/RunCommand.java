package fm.seda.cli;

import fm.seda.SedaApplication;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Start the server. With no database configured it runs an embedded PostgreSQL under the data"
          + " directory, seeds a demo catalog and prints a demo token.",
      "Ctrl-C stops the server and everything it started."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ServerOptions server = new ServerOptions();

  @Option(names = "--port", description = "HTTP port. Env: SEDA_PORT; default 8080")
  @Nullable Integer port;

  @Option(
      names = "--sandbox",
      description =
          "Turn on the sandbox profile (QA endpoints, mock vendor servers). Env: SEDA_SANDBOX=true",
      defaultValue = "${env:SEDA_SANDBOX:-false}")
  boolean sandbox;

  @Override
  public Integer call() throws InterruptedException {
    var args = new ArrayList<>(server.springArgs());
    if (port != null) {
      args.add("--server.port=" + port);
    }
    if (sandbox) {
      args.add("--spring.profiles.active=sandbox");
    }
    var closed = new CountDownLatch(1);
    var application = new SpringApplication(SedaApplication.class);
    application.addListeners(
        (org.springframework.context.ApplicationListener<ContextClosedEvent>)
            e -> closed.countDown());
    ConfigurableApplicationContext context;
    try {
      context = application.run(args.toArray(String[]::new));
    } catch (RuntimeException e) {
      System.err.println("seda run: could not start: " + StartupFailure.reason(e));
      return 1;
    }
    if (context.isActive()) {
      closed.await();
    }
    return 0;
  }
}
