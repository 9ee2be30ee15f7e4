package fm.seda.recommendations.internal;

import fm.seda.recommendations.FeedItem;
import java.util.List;
import java.util.Map;

/**
 * What a {@code recommendations} row keeps in {@code context}: the card as served, and everything
 * "why" shows, so neither needs the candidate stage again.
 */
record RowContext(
    String surface,
    FeedItem item,
    Map<String, Double> weights,
    Map<String, Double> signals,
    Map<String, Double> contributions,
    double modifier,
    double redundancy,
    double diversityPenalty,
    List<String> sources,
    Map<String, Object> features,
    String variant) {}
