package fm.seda.jobs;

/** Jobs of one kind in one region by state, and whether operators paused the kind. */
public record QueueDepth(
    String region, String kind, long queued, long running, long failed, boolean paused) {}
