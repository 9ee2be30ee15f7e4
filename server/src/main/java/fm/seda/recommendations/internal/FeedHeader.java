package fm.seda.recommendations.internal;

import fm.seda.recommendations.FeedModule.EmbeddingProvenance;
import org.jspecify.annotations.Nullable;

/** What every module of one ranked feed shares: kept in {@code feed_snapshots.header}. */
record FeedHeader(String modelVersion, @Nullable EmbeddingProvenance embedding, String variant) {}
