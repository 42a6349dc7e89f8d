package dev.taper.bench;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import dev.taper.training.DistillationConfig;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.SupervisedTrainer;
import dev.taper.training.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Samples/s of the engine's own training loop ({@link SupervisedTrainer}, Adam 1e-3 with its cosine
 * schedule) on one network, by the wall clock and the thread's CPU time around the whole call.
 */
final class EngineTraining {

  private EngineTraining() {}

  /**
   * Trains {@code architecture} for {@code steps} steps once as a warm-up, then once per run.
   *
   * @param progress told the run number after each run
   */
  static List<Timed.Rate> measure(
      DatasetSplits data,
      Architecture architecture,
      int batch,
      int steps,
      int runs,
      IntConsumer progress) {
    List<Timed.Rate> samples = new ArrayList<>();
    int size = data.train().size();
    TrainConfig config =
        new TrainConfig(steps * (double) batch / size, batch, OptimizerConfig.ADAM_DEFAULT);
    TrainConfig warmup = config.withEpochs(Math.max(5, steps / 4) * (double) batch / size);
    StageContext context = StageContext.of(data, 0, Device.cpu());
    try (Network network = ModelFamilies.build(architecture, 0, Device.cpu());
        DeviceSplit train =
            DeviceSplit.upload(data.train(), architecture.inputShape(), Device.cpu())) {
      once("WIDE", warmup, network, train, context);
      for (int r = 0; r < runs; r++) {
        samples.add(once("WIDE", config, network, train, context));
        progress.accept(r);
      }
    }
    return samples;
  }

  /** One training call's samples/s. */
  static Timed.Rate once(
      String stage, TrainConfig config, Network network, DeviceSplit train, StageContext context) {
    SupervisedTrainer trainer = new SupervisedTrainer(stage, config, null, DistillationConfig.NONE);
    TrainingLoop.Result[] result = new TrainingLoop.Result[1];
    Timed t = Timed.of(() -> result[0] = trainer.train(network, train, context).loop());
    return t.rate(result[0].examplesSeen());
  }
}
