package dev.taper.queue;

/**
 * What a heartbeat learns.
 *
 * @param leaseHeld false when the lease was lost: the worker must stop the job and write nothing
 * @param cancelRequested the job was cancelled, with its experiment or (a requested export) on its
 *     own: stop cooperatively
 */
public record HeartbeatAnswer(boolean leaseHeld, boolean cancelRequested) {

  public static final HeartbeatAnswer LOST = new HeartbeatAnswer(false, false);
}
