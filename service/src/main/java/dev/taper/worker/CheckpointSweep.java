package dev.taper.worker;

import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.storage.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the checkpoints of jobs that ended without a worker to delete them ({@link
 * EndedJobCheckpoints}), so that a job cancelled or failed after its worker died does not keep its
 * checkpoint on disk for ever. Runs after each lease reclaim, which is what ends such jobs.
 */
final class CheckpointSweep implements Runnable {

  /** At most this many files a run; the next run takes the rest. */
  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(CheckpointSweep.class);

  private final EndedJobCheckpoints checkpoints;
  private final ArtifactStore store;

  CheckpointSweep(EndedJobCheckpoints checkpoints, ArtifactStore store) {
    this.checkpoints = checkpoints;
    this.store = store;
  }

  @Override
  public void run() {
    int deleted = 0;
    for (EndedJobCheckpoints.Left left : checkpoints.find(BATCH)) {
      try {
        store.delete(left.uri());
        checkpoints.forget(left);
        deleted++;
      } catch (RuntimeException e) {
        // one the store refuses must not keep the ones after it on disk: they go on
        log.warn("cannot delete checkpoint {} of ended stage job {}", left.uri(), left.jobId(), e);
      }
    }
    if (deleted > 0) {
      log.debug("deleted {} checkpoint(s) of ended jobs", deleted);
    }
  }
}
