package dev.taper.worker;

import java.time.Duration;

/**
 * How a worker process runs jobs.
 *
 * @param id this worker's name (in leases and the {@code worker} table)
 * @param threads jobs run at once
 * @param heartbeatInterval how often a running job extends its lease and writes its progress
 * @param pollInterval how long an idle worker waits for a notification before looking anyway
 * @param checkpointInterval the longest a stage runs between checkpoints
 * @param drainTimeout how long shutdown lets running jobs finish before handing them back
 * @param gpu whether to take GPU jobs; null to ask the engine
 */
public record WorkerSettings(
    String id,
    int threads,
    Duration heartbeatInterval,
    Duration pollInterval,
    Duration checkpointInterval,
    Duration drainTimeout,
    Boolean gpu) {

  public WorkerSettings {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
  }
}
