/**
 * Recommendations, the user-facing half of the pipeline: candidates are scored by a weighted linear
 * re-ranker, picked into per-type modules under diversity rules, explained, persisted to {@code
 * recommendations} and served as the home feed from a per-user cache. Dismissals, blocks and undo
 * act on the very next feed request.
 */
@NullMarked
package fm.seda.recommendations;

import org.jspecify.annotations.NullMarked;
