package fm.seda.candidates;

import org.jspecify.annotations.Nullable;

/**
 * What a collaborative training run did: the version it published (null when none), on how much
 * data, how long it took, and in a few words why when nothing was published.
 */
public record TrainingReport(
    @Nullable String version,
    int users,
    int items,
    long interactions,
    double seconds,
    boolean published,
    String outcome) {}
