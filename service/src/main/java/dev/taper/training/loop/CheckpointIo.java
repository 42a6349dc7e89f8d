package dev.taper.training.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.StageContext;
import dev.taper.training.family.Network;
import java.util.List;
import java.util.Optional;

/** Saving a stage's checkpoint into the context's store, and resuming from it. */
public final class CheckpointIo {

  private CheckpointIo() {}

  public static void save(
      StageContext context,
      Checkpoint.Position position,
      List<Parameter> parameters,
      FusedOptimizer optimizer) {
    context.checkpoints().save(Checkpoint.capture(position, parameters, optimizer).encode());
  }

  /**
   * Restores parameters and optimiser state from the store's checkpoint, if it holds one of this
   * stage. Returns its position, or null when there is nothing to resume.
   */
  public static Checkpoint.Position resume(
      StageContext context,
      String stage,
      Network network,
      List<Parameter> parameters,
      FusedOptimizer optimizer) {
    Optional<byte[]> stored = context.checkpoints().load();
    if (stored.isEmpty()) {
      return null;
    }
    try (NDManager scratch = network.manager().newSubManager()) {
      Checkpoint checkpoint = Checkpoint.decode(stored.get(), scratch);
      if (!stage.equals(checkpoint.position().stage())) {
        throw new IllegalStateException(
            "checkpoint belongs to stage " + checkpoint.position().stage() + ", not " + stage);
      }
      checkpoint.restoreParameters(parameters);
      if (optimizer != null) {
        optimizer.restore(checkpoint.optimizerState(), checkpoint.position().phaseStep());
      }
      return checkpoint.position();
    }
  }
}
