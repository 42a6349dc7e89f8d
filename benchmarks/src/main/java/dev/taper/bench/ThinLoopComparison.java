package dev.taper.bench;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.LabeledData;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.loop.DeviceSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The thin MLP at batch 128: the engine's loop against {@link StockDjlLoop}, one epoch each, runs
 * alternating so that whatever else the machine does hits both alike.
 */
final class ThinLoopComparison {

  static final int BATCH = 128;

  /** Samples/s of every run of each loop, in run order. */
  record Runs(List<Timed.Rate> engine, List<Timed.Rate> stock, int examples) {}

  private ThinLoopComparison() {}

  static Runs measure(
      DatasetSplits data,
      LabeledData thinData,
      MlpArchitecture thin,
      int runs,
      IntConsumer progress) {
    int n = thinData.size();
    TrainConfig epoch = new TrainConfig(1.0, BATCH, OptimizerConfig.ADAM_DEFAULT);
    StageContext context = StageContext.of(data, 0, Device.cpu());
    LabeledData warmupData = thinData.head(Math.min(n, 20 * BATCH));
    List<Timed.Rate> engine = new ArrayList<>();
    List<Timed.Rate> stock = new ArrayList<>();
    try (Network network = ModelFamilies.build(thin, 0, Device.cpu());
        DeviceSplit train = DeviceSplit.upload(thinData, thin.inputShape(), Device.cpu());
        DeviceSplit warmupSplit = DeviceSplit.upload(warmupData, thin.inputShape(), Device.cpu());
        StockDjlLoop stockLoop = new StockDjlLoop(thin, BATCH, thinData, warmupData)) {
      EngineTraining.once("SCRATCH", epoch, network, warmupSplit, context);
      stockLoop.warmUp();
      for (int r = 0; r < runs; r++) {
        engine.add(EngineTraining.once("SCRATCH", epoch, network, train, context));
        stock.add(stockLoop.epoch());
        progress.accept(r);
      }
    }
    return new Runs(engine, stock, n);
  }
}
