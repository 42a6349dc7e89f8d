package dev.taper.worker;

import dev.taper.queue.Lease;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.CheckpointStore;
import dev.taper.training.loop.Checkpoint;
import java.util.Optional;

/**
 * A job's checkpoint in the artifact store, under a key derived from the job id so that any attempt
 * of the job, on any worker, finds it. The store replaces it atomically.
 */
final class ArtifactCheckpointStore implements CheckpointStore {

  private final ArtifactStore store;
  private final StageQueue queue;
  private final Lease lease;
  private final String key;
  private volatile boolean recorded;
  private volatile long resumedFromStep;

  ArtifactCheckpointStore(ArtifactStore store, StageQueue queue, Lease lease) {
    this.store = store;
    this.queue = queue;
    this.lease = lease;
    this.key = key(lease.jobId());
  }

  static String key(long jobId) {
    return "checkpoints/job-" + jobId + ".ckpt";
  }

  @Override
  public Optional<byte[]> load() {
    Optional<byte[]> checkpoint = store.read(key);
    checkpoint.ifPresent(bytes -> resumedFromStep = Math.max(1, step(bytes)));
    return checkpoint;
  }

  @Override
  public void save(byte[] checkpoint) {
    store.write(key, checkpoint);
    if (!recorded) {
      // the key is derivable from the job id anyway; recording it shows where resumption reads
      queue.recordCheckpoint(lease, key);
      recorded = true;
    }
  }

  /** The step of the checkpoint this attempt resumed from, 0 when it started afresh. */
  long resumedFromStep() {
    return resumedFromStep;
  }

  void delete() {
    store.delete(key);
  }

  /** The step a checkpoint was taken at; only used to report where an attempt resumed. */
  static long step(byte[] checkpoint) {
    try {
      return Checkpoint.position(checkpoint).step();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
