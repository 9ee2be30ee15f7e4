package fm.seda.recommendations.internal;

import fm.seda.candidates.Candidate;
import fm.seda.engine.ranking.LinearScore;
import fm.seda.engine.ranking.RankingSignals;
import org.jspecify.annotations.Nullable;

/**
 * A candidate picked into a module: its signals, its score, its place, and what diversity cost it.
 *
 * @param rank 0-based position within its module
 * @param redundancy its highest similarity to an item picked before it in the module
 * @param vector the vector the selection compared it by (its candidate's, or read for the pool);
 *     the explanation finds the artist a content reason names with it; null when it has none
 */
record RankedItem(
    Candidate candidate,
    RankingSignals signals,
    LinearScore score,
    int rank,
    double redundancy,
    boolean novel,
    float @Nullable [] vector) {}
