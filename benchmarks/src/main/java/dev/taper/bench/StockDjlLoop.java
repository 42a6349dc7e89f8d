package dev.taper.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import dev.taper.dataset.DjlDatasets;
import dev.taper.dataset.LabeledData;
import dev.taper.training.family.mlp.MlpArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The thin MLP trained the way a DJL user would write it: a {@code SequentialBlock} of the same
 * layers, {@code EasyTrain.fit} for one epoch over a shuffled {@code ArrayDataset}, DJL's stock
 * Adam (1e-3), softmax cross-entropy, the Accuracy evaluator and the basic listeners.
 */
final class StockDjlLoop implements AutoCloseable {

  private final Model model;
  private final Trainer trainer;
  private final NDManager dataManager;
  private final ArrayDataset dataset;
  private final ArrayDataset warmup;
  private final int examples;

  StockDjlLoop(MlpArchitecture arch, int batch, LabeledData data, LabeledData warmupData) {
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < arch.depth(); i++) {
      block.add(Linear.builder().setUnits(arch.width()).build()).add(Activation.reluBlock());
    }
    block.add(Linear.builder().setUnits(arch.classes()).build());
    model = Model.newInstance("stock-thin", Device.cpu());
    // Everything below lives under the model's manager, so closing the model frees it all when
    // the trainer or the data cannot be made.
    try {
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().build())
              .optDevices(new Device[] {Device.cpu()})
              .addEvaluator(new Accuracy())
              .addTrainingListeners(TrainingListener.Defaults.basic());
      trainer = model.newTrainer(config);
      trainer.initialize(new Shape(batch, arch.inputSize()));
      dataManager = model.getNDManager().newSubManager();
      dataset = DjlDatasets.toArrayDataset(data, dataManager, batch, true);
      warmup = DjlDatasets.toArrayDataset(warmupData, dataManager, batch, true);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    examples = data.size();
  }

  /** One epoch of {@code EasyTrain.fit}; samples/s around it. */
  Timed.Rate epoch() {
    return Timed.of(() -> fit(dataset)).rate(examples);
  }

  void warmUp() {
    fit(warmup);
  }

  private void fit(ArrayDataset data) {
    try {
      EasyTrain.fit(trainer, 1, data, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TranslateException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    trainer.close();
    dataManager.close();
    model.close();
  }
}
