package dev.taper.queue;

/**
 * A worker's hold on a running job. {@code version} is the row's version when the lease was
 * granted: any status change (completion, reclaim, cancel) bumps it, so a stale holder's updates
 * match no row. Heartbeats check it but leave it unchanged, which is what lets a heartbeat thread
 * and the job's own thread use the same lease without racing each other.
 */
public record Lease(long jobId, String workerId, long version) {}
