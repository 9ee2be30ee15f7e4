package fm.seda.candidates;

/** Which generator proposed a candidate (its provenance); a candidate may come from several. */
public enum CandidateSource {
  CONTENT,
  COLLABORATIVE,
  POPULARITY,
  TRENDING,
  SOCIAL
}
