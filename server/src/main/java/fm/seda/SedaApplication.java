package fm.seda;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The seda server: one deployable, one top-level package per module (see docs/ARCHITECTURE.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SedaApplication {

  public static void main(String[] args) {
    SpringApplication.run(SedaApplication.class, args);
  }
}
