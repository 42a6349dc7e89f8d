package dev.taper.worker;

import dev.taper.queue.Lease;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.CheckpointStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's checkpoint in the artifact store, under a key derived from the job id so that any attempt
 * of the job, on any worker, finds it. The store replaces it atomically.
 */
final class ArtifactCheckpointStore implements CheckpointStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  /**
   * Reads the step from the engine's checkpoint header (magic, length, JSON position) without
   * decoding the arrays; only used to report where an attempt resumed.
   */
  static long step(byte[] checkpoint) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint))) {
      in.readInt();
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      JsonNode position = JSON.readTree(header);
      return position.path("step").asLong(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
