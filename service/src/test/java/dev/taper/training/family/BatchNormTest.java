package dev.taper.training.family;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.taper.training.SeededEngine;
import dev.taper.training.loop.GradMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** BatchNorm in the ResNet family: batch statistics when training, running ones when not. */
@ExtendWith(SeededEngine.class)
class BatchNormTest {

  @BeforeAll
  static void gradientsOff() {
    GradMode.offOutsideCollectors();
  }

  @Test
  void evaluationUsesRunningStatisticsSoAnExampleScoresTheSameInAnyBatch() {
    try (Network network = ModelFamilies.build(FamilyFixtures.RESNET, 3, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(network.manager(), false);
      NDArray batch = manager.randomNormal(new Shape(16, 1, 28, 28));
      NDArray first = batch.get("0:1");
      NDArray alone = network.logits(store, first, false);
      NDArray inBatch = network.logits(store, batch, false).get("0:1");
      assertThat(alone.sub(inBatch).abs().max().getFloat()).isLessThan(1e-5f);
    }
  }

  @Test
  void trainingNormalisesWithTheBatchsOwnStatistics() {
    try (Network network = ModelFamilies.build(FamilyFixtures.RESNET, 3, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(network.manager(), false);
      NDArray batch = manager.randomNormal(new Shape(16, 1, 28, 28));
      NDArray other = manager.randomNormal(new Shape(16, 1, 28, 28)).mul(3).add(1);
      NDArray firstHere = network.logits(store, batch, true).get("0:1");
      NDArray mixed = other.concat(batch.get("0:1"), 0);
      NDArray firstThere = network.logits(store, mixed, true).get("16:17");
      assertThat(firstHere.sub(firstThere).abs().max().getFloat()).isGreaterThan(1e-3f);
    }
  }

  @Test
  void aTrainingForwardMovesRunningStatisticsByTheMomentumAndEvaluationLeavesThem() {
    try (Network network = ModelFamilies.build(FamilyFixtures.RESNET, 3, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(network.manager(), false);
      Block stem = network.layer(0);
      Block convolution = stem.getChildren().get(0).getValue();
      Parameter runningMean = parameter(stem, Parameter.Type.RUNNING_MEAN);
      Parameter runningVar = parameter(stem, Parameter.Type.RUNNING_VAR);
      NDArray x = manager.randomNormal(new Shape(32, 1, 28, 28)).mul(2).add(0.5f);

      network.logits(store, x, false);
      assertThat(runningMean.getArray().toFloatArray()).containsOnly(0f);
      assertThat(runningVar.getArray().toFloatArray()).containsOnly(1f);

      NDArray features =
          convolution.forward(store, new NDList(x), false).singletonOrThrow().transpose(1, 0, 2, 3);
      NDArray perChannel = features.reshape(features.getShape().get(0), -1);
      float[] batchMean = perChannel.mean(new int[] {1}).toFloatArray();
      network.logits(store, x, true);
      float[] moved = runningMean.getArray().toFloatArray();
      for (int c = 0; c < moved.length; c++) {
        // DJL's momentum 0.9: running = 0.9 * running + 0.1 * batch
        assertThat(moved[c])
            .isCloseTo(0.1f * batchMean[c], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  private static Parameter parameter(Block block, Parameter.Type type) {
    return Network.parametersOf(block).stream()
        .filter(p -> p.getType() == type)
        .findFirst()
        .orElseThrow();
  }
}
