package dev.taper.worker;

import dev.taper.dataset.UploadFolders;
import dev.taper.storage.DeletedArtifacts;

/**
 * What a worker's lease reclaimer does after each reclaim: delete the files nothing needs any more,
 * the checkpoints of jobs that ended without their worker ({@link CheckpointSweep}), the files
 * deleted records left behind ({@link DeletedArtifacts#sweep}), with the dataset uploads abandoned
 * before registration handed to it first ({@link UploadFolders#sweep}), and the model folders of
 * attempts that ended before recording them ({@link ModelFolders#sweep}). Reclaims end attempts, so
 * each one may have made some of these deletable.
 */
final class Housekeeping implements Runnable {

  private final CheckpointSweep checkpoints;
  private final UploadFolders abandonedUploads;
  private final DeletedArtifacts deletedRecordsFiles;
  private final ModelFolders unrecordedModels;

  Housekeeping(
      CheckpointSweep checkpoints,
      UploadFolders abandonedUploads,
      DeletedArtifacts deletedRecordsFiles,
      ModelFolders unrecordedModels) {
    this.checkpoints = checkpoints;
    this.abandonedUploads = abandonedUploads;
    this.deletedRecordsFiles = deletedRecordsFiles;
    this.unrecordedModels = unrecordedModels;
  }

  @Override
  public void run() {
    checkpoints.run();
    abandonedUploads.sweep();
    deletedRecordsFiles.sweep();
    unrecordedModels.sweep();
  }
}
