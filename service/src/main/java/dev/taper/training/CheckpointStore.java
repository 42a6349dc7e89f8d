package dev.taper.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where a stage keeps its latest checkpoint. The worker backs it with the artifact store; a save
 * must replace the previous checkpoint atomically, so a crash leaves the old one or the new one,
 * never half of either. Both directions stream: a checkpoint (a wide network and its optimiser's
 * moments) is never held whole in memory.
 */
public interface CheckpointStore {

  CheckpointStore NONE =
      new CheckpointStore() {
        @Override
        public Optional<InputStream> open() {
          return Optional.empty();
        }

        @Override
        public void save(Writer writer) {}
      };

  /**
   * The latest checkpoint's bytes, which the caller reads and closes; empty when there is none.
   *
   * @throws java.io.UncheckedIOException when it exists but cannot be opened
   */
  Optional<InputStream> open();

  /** Replaces the checkpoint with the bytes {@code writer} writes. */
  void save(Writer writer);

  /** Writes a checkpoint's bytes into the stream the store gives it. */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }
}
