package fm.seda.embeddings.internal;

import fm.seda.testing.SedaIntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The server against the sandbox's mock vendors, set up to play EU outages: non-EU data goes to the
 * OpenAI mock with Cohere as the pre-approved failover; EU taste vectors go to an EU-located 1536-d
 * provider (with an EU backup), so EU failover rules can be exercised without the local model's
 * different dimension getting in the way. Short breaker windows keep the tests quick. Test classes
 * with this annotation share one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SedaIntegrationTest
@ActiveProfiles("sandbox")
@TestPropertySource(
    properties = {
      "seda.embeddings.breaker.open-for=2s",
      "seda.embeddings.breaker.minimum-calls=4",
      "seda.embeddings.breaker.window=10s",
      "seda.embeddings.breaker.slow-call=400ms",
      "seda.embeddings.retry.first-backoff=20ms",
      "seda.embeddings.shadow.fraction=0",
      "seda.embeddings.providers.eu-runner.type=mock",
      "seda.embeddings.providers.eu-runner.dimension=1536",
      "seda.embeddings.providers.eu-runner.location=eu",
      "seda.embeddings.routes.eu.user-taste=eu-runner",
      "seda.embeddings.providers.eu-backup.type=mock",
      "seda.embeddings.providers.eu-backup.dimension=1536",
      "seda.embeddings.providers.eu-backup.location=eu",
      "seda.embeddings.failover=openai,cohere,eu-backup,eu-runner"
    })
@interface EuOutageSandbox {}
