package fm.seda.embeddings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.regions.Region;
import fm.seda.regions.RegionRouter;
import fm.seda.sandbox.SandboxVendors;
import fm.seda.testing.SedaIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Shadow writes, with every item selected so the rules are visible: where they go and where not.
 */
@SedaIntegrationTest
@ActiveProfiles("sandbox")
@TestPropertySource(
    properties = {
      "seda.embeddings.shadow.provider=cohere",
      "seda.embeddings.shadow.fraction=1.0",
      "seda.embeddings.providers.eu-runner.type=mock",
      "seda.embeddings.providers.eu-runner.dimension=1536",
      "seda.embeddings.providers.eu-runner.location=eu",
      "seda.embeddings.routes.eu.catalog=eu-runner"
    })
class ShadowWritesIntegrationTests {

  @Autowired DefaultEmbeddings embeddings;
  @Autowired SandboxVendors vendors;
  @Autowired RegionRouter regions;

  @BeforeEach
  void reset() {
    vendors.cohere().knobs().reset();
    embeddings.governor().simulate(null, "test");
  }

  EmbeddingRequest request(Region region, Priority priority, UUID id) {
    return new EmbeddingRequest(
        Purpose.CATALOG,
        region,
        priority,
        List.of(new EmbeddingInput("artist", id, null, "shadowed " + id)),
        false,
        null);
  }

  void awaitShadowUsage(UUID job, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (shadowRows(job) < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  int shadowRows(UUID id) {
    return regions
        .database(Region.US)
        .jdbc()
        .sql("SELECT count(*) FROM embeddings_audit WHERE entity_id = ? AND version = 'shadow'")
        .param(id)
        .query(Integer.class)
        .single();
  }

  @Test
  void nonEuItemsAreAlsoEmbeddedByTheShadowProvider() throws Exception {
    UUID id = UUID.randomUUID();

    assertThat(embeddings.embed(request(Region.US, Priority.BACKGROUND, id)))
        .isInstanceOf(EmbeddingOutcome.Embedded.class);
    awaitShadowUsage(id, 1);

    assertThat(shadowRows(id)).isEqualTo(1);
    assertThat(vendors.cohere().knobs().recordedRequests())
        .filteredOn(r -> r.body().contains(id.toString()))
        .hasSize(1);
    assertThat(
            regions
                .operations()
                .jdbc()
                .sql("SELECT count(*) FROM embedding_usage WHERE shadow AND provider = 'cohere'")
                .query(Integer.class)
                .single())
        .isPositive();
  }

  @Test
  void euItemsAreNeverShadowedToANonEuProvider() throws Exception {
    UUID id = UUID.randomUUID();

    assertThat(embeddings.embed(request(Region.EU, Priority.BACKGROUND, id)))
        .isInstanceOf(EmbeddingOutcome.Embedded.class);
    Thread.sleep(1000);

    // the EU item's own text never reached the non-EU vendor (other requests, such as the demo
    // account's genre names embedded at start-up in the US region, may)
    assertThat(vendors.cohere().knobs().recordedRequests())
        .noneMatch(r -> r.body().contains(id.toString()));
    assertThat(shadowRows(id)).isZero();
  }

  @Test
  void noShadowWritesAtTheSpendCapWhateverThePriority() throws Exception {
    embeddings.governor().simulate(100.0, "test");

    var ids = new java.util.ArrayList<UUID>();
    for (Priority priority : Priority.values()) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      embeddings.embed(request(Region.US, priority, id));
    }
    Thread.sleep(1000);

    for (UUID id : ids) {
      assertThat(vendors.cohere().knobs().recordedRequests())
          .noneMatch(r -> r.body().contains(id.toString()));
      assertThat(shadowRows(id)).isZero();
    }
  }
}
