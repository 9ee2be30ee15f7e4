/**
 * Embeddings: text to vectors through the configured model of each region and purpose, with
 * batching, rate limits, retries, circuit breaking, failover within the residency rules, cost
 * metering and spend-cap enforcement. Other modules call {@link fm.seda.embeddings.Embeddings}.
 */
@NullMarked
package fm.seda.embeddings;

import org.jspecify.annotations.NullMarked;
