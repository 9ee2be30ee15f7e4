package fm.seda.engine.evaluation;

/** A recommender built on a training part: each user's top items, never one they trained on. */
public interface Recommender {

  /** Its name in reports (most-popular, item-knn, als, content, social, hybrid). */
  String name();

  /** Up to {@code k} item indices, best first. */
  int[] recommend(int user, int k);
}
