package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.taper.training.DistillationConfig;
import dev.taper.training.EngineFixtures;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import org.junit.jupiter.api.Test;

/** Folding a temperature into the read-out changes the network's confidence, not its decisions. */
class HeadCalibrationTest {

  @Test
  void anOverconfidentNetworkKeepsItsDecisionsAndLosesItsOverconfidence() {
    try (StageOutcome trained =
            Stages.scratch(
                    EngineFixtures.THIN, new TrainConfig(1, 64, OptimizerConfig.ADAM_DEFAULT))
                .run(EngineFixtures.context());
        DeviceSplit train =
            DeviceSplit.upload(
                EngineFixtures.data().train(), EngineFixtures.THIN.inputShape(), Device.cpu());
        NDManager scope = NDManager.newBaseManager()) {
      Network network = trained.network();
      // a trained network made twenty times too sure of itself
      NDManager parameters = network.manager().newSubManager();
      InPlace.scale(network.readout().getParameters().get("weight").getArray(), 20, parameters);
      InPlace.scale(network.readout().getParameters().get("bias").getArray(), 20, parameters);
      int n = Math.min(HeadCalibration.EXAMPLES, train.size());
      float[] before = logits(network, train, n, scope);
      long[] labels = train.labelRange(0, n, scope).toType(DataType.INT64, false).toLongArray();

      double temperature = HeadCalibration.calibrate("FINETUNE", network, train);

      float[] after = logits(network, train, n, scope);
      assertThat(temperature).isGreaterThan(5);
      for (int i = 0; i < before.length; i++) {
        assertThat((double) after[i])
            .isCloseTo(before[i] / temperature, within(1e-4 * (1 + Math.abs(before[i]))));
      }
      for (int row = 0; row < n; row++) {
        assertThat(argmax(after, row, 10)).isEqualTo(argmax(before, row, 10));
      }
      double calibrated = Temperature.crossEntropy(after, labels, 10, 1);
      assertThat(calibrated)
          .isLessThan(Temperature.crossEntropy(before, labels, 10, 1))
          .isCloseTo(Temperature.crossEntropy(before, labels, 10, temperature), within(1e-4));
      assertThat(Temperature.fit(after, labels, 10)).isCloseTo(1, within(1e-2));
      parameters.close();
    }
  }

  @Test
  void theTrainerReportsTheTemperatureItFoldedIntoTheReadout() {
    TrainConfig calibrating =
        new TrainConfig(1, 64, OptimizerConfig.ADAM_DEFAULT).withCalibrateHead(true);
    try (Network fitted = overconfident();
        Network trained = overconfident();
        DeviceSplit train =
            DeviceSplit.upload(
                EngineFixtures.data().train(), EngineFixtures.THIN.inputShape(), Device.cpu())) {
      double temperature = HeadCalibration.calibrate("FINETUNE", fitted, train);

      SupervisedTrainer.Run run =
          new SupervisedTrainer("FINETUNE", calibrating, null, DistillationConfig.NONE)
              .train(trained, train, EngineFixtures.context());

      assertThat(temperature).isGreaterThan(5);
      assertThat(run.headTemperature()).isEqualTo(temperature);
      assertThat(run.loop().examplesSeen()).isPositive();
    }
  }

  /** A fresh thin network whose read-out is twenty times larger than it was initialised. */
  private static Network overconfident() {
    Network network = ModelFamilies.build(EngineFixtures.THIN, 3, Device.cpu());
    try (NDManager scope = network.manager().newSubManager()) {
      InPlace.scale(network.readout().getParameters().get("weight").getArray(), 20, scope);
      InPlace.scale(network.readout().getParameters().get("bias").getArray(), 20, scope);
    }
    return network;
  }

  private static float[] logits(Network network, DeviceSplit train, int n, NDManager scope) {
    NDArray x = train.featureRange(0, n, scope);
    return network
        .logits(new ParameterStore(network.manager(), false), x, false)
        .toType(DataType.FLOAT32, false)
        .toFloatArray();
  }

  private static int argmax(float[] logits, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[row * classes + c] > logits[row * classes + best]) {
        best = c;
      }
    }
    return best;
  }
}
