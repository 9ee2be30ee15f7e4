package fm.seda.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test against the whole server on a random port, with the real embedded PostgreSQL (both
 * regional databases) in a fresh data directory under target/. Every test class with this
 * annotation shares one running server, so tests make their own users and never assume an empty
 * database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "seda.data-dir=target/test-data/${random.uuid}",
      "seda.demo.seed-on-start=false",
      "seda.db.embedded-durable=false",
      // background jobs run only in the tests about them (JobsIntegrationTests)
      "seda.jobs.enabled=false",
      // tests change roles and rows with SQL and expect the next request to see it
      "seda.accounts.lookup-cache=0s",
      "seda.auth.hs256-secret=" + Tokens.SECRET,
      "seda.auth.issuer=" + Tokens.ISSUER,
      // keep CI logs readable: seda's own INFO lines, everyone else's warnings
      "logging.level.root=warn",
      "logging.level.fm.seda=info"
    })
public @interface SedaIntegrationTest {}
