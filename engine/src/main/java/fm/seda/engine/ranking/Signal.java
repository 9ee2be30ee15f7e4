package fm.seda.engine.ranking;

/** The four weighted parts of a recommendation's score (architecture §6). */
public enum Signal {
  /** Closeness of the item to the user's taste vector. */
  CONTENT,
  /** The collaborative-filtering estimate: people with similar histories like it. */
  COLLABORATIVE,
  /** Friends present, joining, following or saving it. */
  SOCIAL,
  /** Time-decayed popularity and trending. */
  POPULARITY
}
