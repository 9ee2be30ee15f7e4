package fm.seda.candidates;

/**
 * What a collaborative training run did: the version it published (if any), on how much data, and
 * how long it took.
 */
public record TrainingReport(
    String version, int users, int items, long interactions, double seconds, boolean published) {}
