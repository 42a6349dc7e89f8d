package dev.taper.worker;

import dev.taper.storage.DeletedArtifacts;

/**
 * What a worker's lease reclaimer does after each reclaim: delete the files nothing needs any more,
 * the checkpoints of jobs that ended without their worker ({@link CheckpointSweep}) and the files
 * deleted records left behind ({@link DeletedArtifacts#sweep}).
 */
final class Housekeeping implements Runnable {

  private final CheckpointSweep checkpoints;
  private final DeletedArtifacts deletedRecordsFiles;

  Housekeeping(CheckpointSweep checkpoints, DeletedArtifacts deletedRecordsFiles) {
    this.checkpoints = checkpoints;
    this.deletedRecordsFiles = deletedRecordsFiles;
  }

  @Override
  public void run() {
    checkpoints.run();
    deletedRecordsFiles.sweep();
  }
}
