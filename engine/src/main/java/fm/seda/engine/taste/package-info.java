/**
 * Taste vectors: a user's position in an embedding space, as the weighted mean of the vectors of
 * what they chose, listen to, join and follow, with recency decay.
 */
@NullMarked
package fm.seda.engine.taste;

import org.jspecify.annotations.NullMarked;
