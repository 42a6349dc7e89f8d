package dev.taper.training.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.StageContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    Checkpoint checkpoint = Checkpoint.capture(position, parameters, optimizer, phaseArrays);
    context.checkpoints().save(checkpoint::encode);
  }

  /**
   * The store's checkpoint, decoded into {@code scope}, or empty when there is nothing to resume.
   *
   * @throws IllegalStateException when the checkpoint belongs to another stage
   */
  static Optional<Checkpoint> load(StageContext context, String stage, NDManager scope) {
    Optional<InputStream> stored = context.checkpoints().open();
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Checkpoint checkpoint;
    try (InputStream in = new BufferedInputStream(stored.get())) {
      checkpoint = Checkpoint.decode(in, scope);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint", e);
    }
    if (!stage.equals(checkpoint.position().stage())) {
      throw new IllegalStateException(
          "checkpoint belongs to stage " + checkpoint.position().stage() + ", not " + stage);
    }
    return Optional.of(checkpoint);
  }
}
