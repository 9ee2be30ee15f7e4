/**
 * Offline evaluation: an interaction log (the project's own format or HetRec 2011 Last.fm) split
 * per user into training and held-out parts, recommenders built on the training part, and the
 * field's ranking metrics on the held-out part. Seeded: the same input and seed give the same
 * numbers.
 */
@NullMarked
package fm.seda.engine.evaluation;

import org.jspecify.annotations.NullMarked;
