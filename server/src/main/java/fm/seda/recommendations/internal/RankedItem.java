package fm.seda.recommendations.internal;

import fm.seda.candidates.Candidate;
import fm.seda.engine.ranking.LinearScore;
import fm.seda.engine.ranking.RankingSignals;

/**
 * A candidate picked into a module: its signals, its score, its place, and what diversity cost it.
 *
 * @param rank 0-based position within its module
 * @param redundancy its highest similarity to an item picked before it in the module
 */
record RankedItem(
    Candidate candidate,
    RankingSignals signals,
    LinearScore score,
    int rank,
    double redundancy,
    boolean novel) {}
