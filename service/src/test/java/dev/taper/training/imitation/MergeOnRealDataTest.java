package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import org.junit.jupiter.api.Test;

/**
 * The merge, checked without the engine's own check: an MLP imitates a trained WIDE teacher on the
 * committed Fashion-MNIST subset, then S-bar (thin network with its drop and lift pairs, through
 * its ordinary float32 forward) and the merged network are run on every test example. They must
 * compute the same function: the same class for every example, logits equal to float32 rounding of
 * their scale.
 */
class MergeOnRealDataTest {

  @Test
  void aTrainedSBarAndItsMergedNetworkPredictTheSameOnTheTestSplit() {
    GradMode.offOutsideCollectors();
    ImitationConfig config =
        EngineFixtures.imitation(40, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0);
    try (TrainedSBar trained = TrainedSBar.train(config)) {
      SBar sBar = trained.sBar();
      Network network = trained.network();
      DeviceSplits splits = trained.splits();
      NDManager scope = trained.scope();
      int n = splits.test().size();
      NDArray x = splits.test().featureRange(0, n, scope);
      int[] labels =
          splits.test().labelRange(0, n, scope).toType(DataType.INT32, false).toIntArray();

      float[] before = sBar.logits(x, false).toFloatArray();
      PairMerger.merge(network, trained.pairs());
      float[] after = network.logits(new ParameterStore(scope, false), x, false).toFloatArray();

      int classes = EngineFixtures.THIN.classes();
      double scale = 0;
      double difference = 0;
      int agree = 0;
      int correctBefore = 0;
      for (int i = 0; i < n; i++) {
        int predictedBefore = argMax(before, i * classes, classes);
        int predictedAfter = argMax(after, i * classes, classes);
        agree += predictedBefore == predictedAfter ? 1 : 0;
        correctBefore += predictedBefore == labels[i] ? 1 : 0;
        for (int c = 0; c < classes; c++) {
          scale = Math.max(scale, Math.abs(before[i * classes + c]));
          difference =
              Math.max(difference, Math.abs(before[i * classes + c] - after[i * classes + c]));
        }
      }
      assertThat(correctBefore / (double) n).as("S-bar learned the task").isGreaterThan(0.5);
      assertThat(agree).as("predictions that agree, of %d", n).isEqualTo(n);
      assertThat(difference / Math.max(1, scale))
          .as("max |logit difference| %.3g on logits up to %.3g", difference, scale)
          .isLessThan(1e-4);
    }
  }

  private static int argMax(float[] values, int from, int count) {
    int best = 0;
    for (int c = 1; c < count; c++) {
      if (values[from + c] > values[from + best]) {
        best = c;
      }
    }
    return best;
  }
}
