/**
 * Re-ranking: a weighted linear score over a candidate's signals ({@link LinearScorer}), and the
 * selection of a feed from the scored candidates under diversity rules ({@link DiversitySelector}:
 * maximal marginal relevance, near-duplicate removal, no long runs of one cluster, a minimum share
 * of novel items). Plain arithmetic over values the caller prepares; no I/O.
 */
@NullMarked
package fm.seda.engine.ranking;

import org.jspecify.annotations.NullMarked;
