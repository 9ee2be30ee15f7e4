/**
 * The PostgreSQL-backed job queue: durable, cluster-safe ({@code FOR UPDATE SKIP LOCKED}), pausable
 * per kind, with queue depths as metrics. Modules contribute {@link fm.seda.jobs.JobHandler}s and
 * enqueue with {@link fm.seda.jobs.Jobs}; a {@link fm.seda.jobs.JobGate} (the spend governor) may
 * slow or stop non-essential work.
 */
@NullMarked
package fm.seda.jobs;

import org.jspecify.annotations.NullMarked;
