package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.DistillationConfig;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.resnet.ResNetArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thin ResNet of {@code benchmarks/specs/fmnist-resnet.json} trains with a finite loss at every
 * step, even when the native allocator hands out memory that held NaN.
 *
 * <p>Its 3 x 3 convolutions have 8 and 16 channels; on a machine with AVX-512, libtorch's oneDNN
 * pads the 8-channel ones to blocks of 16 and leaves part of that padding unwritten, and the input
 * gradient is NaN whenever the recycled memory there holds a NaN (see {@code
 * ZeroFilledAllocations}). A long-running process meets such memory sooner or later; this test
 * frees NaN-filled blocks before every step, so that without the fix it fails within a few steps
 * (and not only in some runs).
 */
class ResNetTrainingStaysFiniteTest {

  /** fmnist-resnet.json's model: stem 16 at stride 2, stages {2, 32, 8} and {2, 64, 16}. */
  static final ResNetArchitecture STUDY_THIN =
      new ResNetArchitecture(
          1,
          28,
          28,
          16,
          2,
          List.of(new ResNetArchitecture.Stage(2, 32, 8), new ResNetArchitecture.Stage(2, 64, 16)),
          10);

  private static final int STEPS = 300;
  private static final int BATCH = 128;

  @Test
  void everyStepOfTheStudysThinResNetHasAFiniteLoss() {
    GradMode.offOutsideCollectors();
    try (NDManager poison = NDManager.newBaseManager();
        Network network = ModelFamilies.build(STUDY_THIN, 1, Device.cpu());
        DeviceSplits splits =
            DeviceSplits.upload(
                TestDatasets.fixtureSplits(1), STUDY_THIN.inputShape(), Device.cpu())) {
      EpochSampler sampler = new EpochSampler(splits.train().size(), BATCH, 1);
      // the loop of SupervisedTrainer, reading the loss after every step
      FlatParameters flat = FlatParameters.adopt(network.learnableParameters(), network.manager());
      EpochBatches batches = new EpochBatches(splits.train(), sampler);
      try (FusedOptimizer optimizer =
          new FusedOptimizer(OptimizerConfig.ADAM_DEFAULT, flat.flat(), STEPS, network.manager())) {
        for (int step = 0; step < STEPS; step++) {
          leaveNanInFreedNativeMemory(poison);
          try (NDManager scope = network.manager().newSubManager()) {
            NDArray[] batch = batches.batch(step, scope);
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              flat.beginStep(scope);
              NDArray logits = network.logits(flat.store(), batch[0], true);
              loss = Losses.supervised(logits, batch[1], null, DistillationConfig.NONE);
              collector.backward(loss);
            } finally {
              flat.endStep();
            }
            optimizer.update(scope);
            assertThat(loss.getFloat()).as("training loss at step %d", step).isFinite();
          }
        }
      } finally {
        flat.release();
      }
    }
  }

  /** Frees blocks of 1 MiB, 64 KiB and 16 KiB filled with NaN: the next allocations reuse them. */
  private static void leaveNanInFreedNativeMemory(NDManager manager) {
    for (long floats : new long[] {1 << 18, 1 << 14, 1 << 12}) {
      try (NDArray nan = manager.full(new Shape(floats), Float.NaN)) {
        assertThat(Float.isNaN(nan.getFloat(0))).isTrue();
      }
    }
  }
}
