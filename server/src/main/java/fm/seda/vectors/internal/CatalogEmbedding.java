package fm.seda.vectors.internal;

import fm.seda.catalog.Catalog;
import fm.seda.catalog.CatalogChanged;
import fm.seda.catalog.CatalogKind;
import fm.seda.catalog.CatalogText;
import fm.seda.embeddings.EmbeddingInput;
import fm.seda.embeddings.EmbeddingJobs;
import fm.seda.embeddings.EmbeddingOutcome;
import fm.seda.embeddings.EmbeddingRequest;
import fm.seda.embeddings.Embeddings;
import fm.seda.embeddings.Priority;
import fm.seda.embeddings.Purpose;
import fm.seda.jobs.Job;
import fm.seda.jobs.JobDeferred;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.regions.Region;
import fm.seda.vectors.StoredVector;
import fm.seda.vectors.VectorStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Catalog vectors: every catalog change becomes an {@value #KIND} job per region (each region
 * embeds with its own model), in chunks of {@value #CHUNK} items, run by the job queue as
 * non-essential background work. The job reads the items' texts from that region's replica, embeds
 * them at BACKGROUND priority and stores the vectors with their provenance.
 */
@Component
class CatalogEmbedding implements JobHandler {

  static final String KIND = EmbeddingJobs.CATALOG;
  static final int CHUNK = 256;
  private static final Duration RETRY_REFUSED = Duration.ofMinutes(15);

  /** An ETA as a retry delay: at least 5 s, at most 15 min (ETAs can say "next month"). */
  static Duration within(Duration eta) {
    if (eta.compareTo(Duration.ofSeconds(5)) < 0) {
      return Duration.ofSeconds(5);
    }
    return eta.compareTo(RETRY_REFUSED) > 0 ? RETRY_REFUSED : eta;
  }

  private final Jobs jobs;
  private final Catalog catalog;
  private final Embeddings embeddings;
  private final VectorStore vectors;

  CatalogEmbedding(Jobs jobs, Catalog catalog, Embeddings embeddings, VectorStore vectors) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.embeddings = embeddings;
    this.vectors = vectors;
  }

  @EventListener
  void on(CatalogChanged changed) {
    for (Region region : Region.values()) {
      for (int from = 0; from < changed.ids().size(); from += CHUNK) {
        List<String> ids =
            changed.ids().subList(from, Math.min(changed.ids().size(), from + CHUNK)).stream()
                .map(UUID::toString)
                .toList();
        jobs.enqueue(region, KIND, Map.of("kind", changed.kind().path(), "ids", ids));
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean essential() {
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(Job job) {
    CatalogKind kind =
        CatalogKind.valueOf(String.valueOf(job.payload().get("kind")).toUpperCase(Locale.ROOT));
    List<UUID> ids =
        ((List<String>) job.payload().get("ids")).stream().map(UUID::fromString).toList();
    List<CatalogText> texts = catalog.texts(job.region(), kind, ids);
    if (texts.isEmpty()) {
      return; // deleted meanwhile
    }
    List<EmbeddingInput> items =
        texts.stream()
            .map(t -> new EmbeddingInput(kind.entityType(), t.id(), null, t.text()))
            .toList();
    EmbeddingOutcome outcome =
        embeddings.embed(
            new EmbeddingRequest(
                Purpose.CATALOG, job.region(), Priority.BACKGROUND, items, false, job.id()));
    switch (outcome) {
      case EmbeddingOutcome.Embedded e ->
          vectors.upsert(
              job.region(),
              IntStream.range(0, items.size())
                  .mapToObj(
                      i ->
                          new StoredVector(
                              kind.entityType(),
                              items.get(i).entityId(),
                              null,
                              e.vectors().get(i),
                              e.meta(),
                              Set.copyOf(texts.get(i).genres())))
                  .toList());
      // not a failure: the queue tries again later without using up an attempt
      case EmbeddingOutcome.Deferred d -> throw new JobDeferred(within(d.eta()), d.reason());
      case EmbeddingOutcome.Refused r -> throw new JobDeferred(RETRY_REFUSED, r.reason());
    }
  }
}
