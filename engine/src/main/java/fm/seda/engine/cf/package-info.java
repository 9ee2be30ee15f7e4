/**
 * Collaborative filtering from implicit feedback: listens, follows, joined rooms and saved
 * playlists as a sparse user × item matrix ({@link fm.seda.engine.cf.Interactions}), factorised by
 * {@link fm.seda.engine.cf.ImplicitAls} into an {@link fm.seda.engine.cf.AlsModel} that scores,
 * recommends, finds similar items and folds in new users in real time.
 */
@NullMarked
package fm.seda.engine.cf;

import org.jspecify.annotations.NullMarked;
