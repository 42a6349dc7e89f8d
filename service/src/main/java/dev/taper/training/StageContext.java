package dev.taper.training;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import java.time.Duration;

/**
 * Everything a stage needs besides its own configuration and parent models.
 *
 * @param checkpointInterval a stage checkpoints at the end of every epoch (or imitation phase) and
 *     also whenever this much time has passed since its last checkpoint
 */
public record StageContext(
    DatasetSplits data,
    long seed,
    Device device,
    ProgressListener progress,
    CancellationToken cancellation,
    CheckpointStore checkpoints,
    Duration checkpointInterval) {

  public static StageContext of(DatasetSplits data, long seed, Device device) {
    return new StageContext(
        data,
        seed,
        device,
        ProgressListener.NONE,
        CancellationToken.NEVER,
        CheckpointStore.NONE,
        Duration.ofMinutes(5));
  }

  public StageContext withProgress(ProgressListener listener) {
    return new StageContext(
        data, seed, device, listener, cancellation, checkpoints, checkpointInterval);
  }

  public StageContext withCancellation(CancellationToken token) {
    return new StageContext(data, seed, device, progress, token, checkpoints, checkpointInterval);
  }

  public StageContext withCheckpoints(CheckpointStore store, Duration interval) {
    return new StageContext(data, seed, device, progress, cancellation, store, interval);
  }
}
