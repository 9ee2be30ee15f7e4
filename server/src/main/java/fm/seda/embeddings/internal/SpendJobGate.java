package fm.seda.embeddings.internal;

import fm.seda.embeddings.SpendLevel;
import fm.seda.jobs.JobGate;
import org.springframework.stereotype.Component;

/**
 * The spend cap's hold on background work: two jobs at a time normally, one when throttled (80 %),
 * and no non-essential job at all when stopped (100 %) until an override.
 */
@Component
class SpendJobGate implements JobGate {

  private final DefaultEmbeddings embeddings;

  SpendJobGate(DefaultEmbeddings embeddings) {
    this.embeddings = embeddings;
  }

  @Override
  public int concurrency() {
    return embeddings.governor().level() == SpendLevel.THROTTLED ? 1 : 2;
  }

  @Override
  public boolean nonEssentialAllowed() {
    return embeddings.governor().level() != SpendLevel.STOPPED;
  }
}
