package fm.seda.embeddings;

import java.util.List;

/** The kinds of background job that spend embedding money, which operators pause and resume. */
public final class EmbeddingJobs {

  /** Computing catalog vectors after catalog changes (run by the vectors module). */
  public static final String CATALOG = "embed-catalog";

  public static final List<String> ALL = List.of(CATALOG);

  private EmbeddingJobs() {}
}
