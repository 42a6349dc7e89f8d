package dev.taper.training;

import java.util.Optional;

/**
 * Where a stage keeps its latest checkpoint. The worker backs it with the artifact store; a save
 * must replace the previous checkpoint atomically, so a crash leaves the old one or the new one,
 * never half of either.
 */
public interface CheckpointStore {

  CheckpointStore NONE =
      new CheckpointStore() {
        @Override
        public Optional<byte[]> load() {
          return Optional.empty();
        }

        @Override
        public void save(byte[] checkpoint) {}
      };

  Optional<byte[]> load();

  void save(byte[] checkpoint);
}
