package fm.seda.engine.cf;

/** An item index and its score (a dot product or a cosine, as the producing method says). */
public record ScoredItem(int item, double score) {}
