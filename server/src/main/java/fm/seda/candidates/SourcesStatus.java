package fm.seda.candidates;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of the background-built sources in one region, for operators: which collaborative model
 * version serves and how big it is, and how fresh the popularity table is.
 */
public record SourcesStatus(
    String region,
    @Nullable String modelVersion,
    @Nullable Instant modelTrainedAt,
    int modelItems,
    int storedModelVersions,
    @Nullable Instant popularityComputedAt,
    long popularityItems) {}
