package dev.taper.worker;

import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.queue.Lease;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.CheckpointStore;
import dev.taper.training.loop.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoint in the artifact store, under a key derived from the job id so that any attempt
 * of the job, on any worker, finds it. The store replaces it atomically and streams it both ways.
 */
final class ArtifactCheckpointStore implements CheckpointStore {

  private static final Logger log = LoggerFactory.getLogger(ArtifactCheckpointStore.class);

  private final ArtifactStore store;
  private final StageQueue queue;
  private final EndedJobCheckpoints ended;
  private final Lease lease;
  private final String key;
  private volatile boolean recorded;
  private volatile long resumedFromStep;

  ArtifactCheckpointStore(
      ArtifactStore store, StageQueue queue, EndedJobCheckpoints ended, Lease lease) {
    this.store = store;
    this.queue = queue;
    this.ended = ended;
    this.lease = lease;
    this.key = key(lease.jobId());
  }

  static String key(long jobId) {
    return StageQueue.checkpointKey(jobId);
  }

  @Override
  public Optional<InputStream> open() {
    Optional<InputStream> header = openStored();
    if (header.isEmpty()) {
      return header;
    }
    try (InputStream in = header.get()) {
      resumedFromStep = Math.max(1, step(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + key, e);
    }
    // the header came from a stream of its own, closed after a few bytes; the engine reads this one
    return openStored();
  }

  /**
   * Names the checkpoint in the job's record before the first write, so that no checkpoint file
   * exists that its job does not name for the sweep ({@link EndedJobCheckpoints}), and an attempt
   * that has already lost its lease writes nothing.
   *
   * @throws dev.taper.queue.LeaseLostException when the first save finds the lease lost
   */
  @Override
  public void save(Writer writer) {
    if (!recorded) {
      queue.recordCheckpoint(lease, key);
      recorded = true;
      log.info("stage job {} checkpoints to {}", lease.jobId(), key);
    }
    store.write(key, writer::write);
  }

  /** The step of the checkpoint this attempt resumed from, 0 when it started afresh. */
  long resumedFromStep() {
    return resumedFromStep;
  }

  /** Deletes the checkpoint of a job that has ended, and the job's record of it. */
  void delete() {
    store.delete(key);
    ended.forget(new EndedJobCheckpoints.Left(lease.jobId(), key));
  }

  /** The step a checkpoint was taken at; only used to report where an attempt resumed. */
  static long step(InputStream checkpoint) {
    try {
      return Checkpoint.position(checkpoint).step();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private Optional<InputStream> openStored() {
    try {
      return Optional.of(store.open(key));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the checkpoint " + key, e);
    }
  }
}
