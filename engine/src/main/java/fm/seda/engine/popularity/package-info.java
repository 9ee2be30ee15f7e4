/**
 * Popularity and trending from timestamped interactions: exponentially time-decayed scores and the
 * recent-versus-baseline velocity that marks an item as trending. Plain arithmetic over keys the
 * caller chooses (item ids, or item ids per genre).
 */
@NullMarked
package fm.seda.engine.popularity;

import org.jspecify.annotations.NullMarked;
