package fm.seda.embeddings;

/** What a vector is for; each purpose has its own configured model per region. */
public enum Purpose {
  CATALOG,
  USER_TASTE
}
