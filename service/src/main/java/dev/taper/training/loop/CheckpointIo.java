package dev.taper.training.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.StageContext;
import java.util.List;
import java.util.Optional;

/** Saving a stage's checkpoint into the context's store, and reading it back. */
final class CheckpointIo {

  private CheckpointIo() {}

  static void save(
      StageContext context,
      Checkpoint.Position position,
      List<Parameter> parameters,
      FusedOptimizer optimizer,
      NDList phaseArrays) {
    context
        .checkpoints()
        .save(Checkpoint.capture(position, parameters, optimizer, phaseArrays).encode());
  }

  /**
   * The store's checkpoint, decoded into {@code scope}, or empty when there is nothing to resume.
   *
   * @throws IllegalStateException when the checkpoint belongs to another stage
   */
  static Optional<Checkpoint> load(StageContext context, String stage, NDManager scope) {
    return context
        .checkpoints()
        .load()
        .map(
            bytes -> {
              Checkpoint checkpoint = Checkpoint.decode(bytes, scope);
              if (!stage.equals(checkpoint.position().stage())) {
                throw new IllegalStateException(
                    "checkpoint belongs to stage "
                        + checkpoint.position().stage()
                        + ", not "
                        + stage);
              }
              return checkpoint;
            });
  }
}
