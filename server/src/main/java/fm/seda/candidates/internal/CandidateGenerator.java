package fm.seda.candidates.internal;

import fm.seda.candidates.CandidateSource;
import java.util.Map;

/** One source of candidates, with its own score (higher is better, comparable within a source). */
interface CandidateGenerator {

  CandidateSource source();

  /** Proposed items and their scores, at most {@code perSource} per requested entity type. */
  Map<ItemKey, Double> propose(UserContext user);
}
