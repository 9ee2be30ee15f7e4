/**
 * The ingestion half of the feedback loop: {@code POST /events} takes batches of the caller's
 * feedback events (impressions, clicks, joins, listens, skips, dismissals, follows, saves),
 * validates them, stores them durably and exactly once in the user's regional {@code fact_events},
 * keeps {@code user_activity_summary} current, and announces {@link
 * fm.seda.events.FeedbackRecorded} so that the user's feed is re-ranked. It also computes the
 * per-surface quality metrics (CTR, listen and skip rates, dismiss rate, novelty share) and
 * enforces the retention of {@code fact_events}.
 *
 * <p>{@link fm.seda.events.Events} is the facade; everything in {@code internal} is the module's
 * own.
 */
@NullMarked
package fm.seda.events;

import org.jspecify.annotations.NullMarked;
