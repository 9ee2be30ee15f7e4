/**
 * Candidate generation, the first half of the recommendation pipeline: separate sources, each with
 * its own score, propose rooms, playlists, artists and people for a user, and every candidate comes
 * back carrying the features the re-ranker combines and the sources that proposed it.
 *
 * <ul>
 *   <li><b>content</b>: the user's taste vector against the entity vectors (ANN, genre-filtered);
 *   <li><b>collaborative</b>: implicit-feedback ALS trained per region in the background;
 *   <li><b>popularity</b> and <b>trending</b>: time-decayed in-app interactions over the catalog's
 *       own popularity, per genre and global, refreshed hourly;
 *   <li><b>social</b>: friends in rooms right now, friends' joins, follows and saves, friends of
 *       friends; hidden friends are counted, never named.
 * </ul>
 */
@NullMarked
package fm.seda.candidates;

import org.jspecify.annotations.NullMarked;
