package fm.seda.recommendations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The full breakdown of one recommendation ({@code GET /recommendations/{id}/why}): the candidate
 * features it was ranked on, the 0..1 signals derived from them, each weight and contribution, the
 * modifiers, the diversity penalty it paid, and the reason shown. {@code score = (Σ contributions)
 * × modifier}. Friends are named only where they allow it.
 *
 * @param features the candidate's raw features (friend names only for friends who may be shown)
 * @param signals content, collaborative, social, popularity (0..1), and recency and
 *     provider_affinity
 * @param diversityPenalty {@code (1 − λ) × redundancy}: what MMR subtracted when it was picked
 */
public record Explanation(
    UUID recommendationId,
    UUID userId,
    String entityType,
    UUID entityId,
    String name,
    int rank,
    double score,
    String reason,
    String reasonKind,
    Map<String, Double> weights,
    Map<String, Double> signals,
    Map<String, Double> contributions,
    double modifier,
    double redundancy,
    double diversityPenalty,
    boolean novel,
    List<String> sources,
    Map<String, Object> features,
    String variant,
    String modelVersion,
    String source,
    Instant createdAt,
    Instant expiresAt) {}
