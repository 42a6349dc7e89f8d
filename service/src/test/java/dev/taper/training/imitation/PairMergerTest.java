package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.SeededEngine;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeededEngine.class)
class PairMergerTest {

  @Test
  void mergedNetworkComputesWhatSBarComputes() {
    MlpArchitecture thin = new MlpArchitecture(20, 4, 8, 5);
    MlpArchitecture wide = thin.widen(6);
    try (Network network = ModelFamilies.build(thin, 3, Device.cpu());
        Network teacher = ModelFamilies.build(wide, 4, Device.cpu());
        ImitationPairs pairs = ImitationPairs.create(thin, wide, 5, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      SBar sBar = new SBar(network, pairs, teacher, EngineFixtures.imitation(1));
      NDArray x = manager.randomNormal(new Shape(64, 20));
      NDArray before = sBar.logits(x, false);
      long parameters = network.parameterCount();

      PairMerger.merge(network, pairs);

      NDArray after = network.logits(new ParameterStore(network.manager(), false), x, false);
      assertThat(before.sub(after).abs().max().getFloat()).isLessThan(1e-4f);
      assertThat(before.abs().max().getFloat()).isGreaterThan(0.1f);
      assertThat(network.parameterCount()).isEqualTo(parameters);
    }
  }

  @Test
  void toleranceScalesWithTheLogitsAndWithSBarsOwnRoundingError() {
    assertThat(PairMerger.tolerance(0.5, 0)).isEqualTo(PairMerger.TOLERANCE);
    assertThat(PairMerger.tolerance(200, 0)).isEqualTo(200 * PairMerger.TOLERANCE);
    // the depth-64, width-8 MLP: S-bar in float32 is 5.2 off its float64 logits, the merge 3.8
    assertThat(PairMerger.tolerance(10.7, 5.2)).isGreaterThan(3.8);
    assertThat(PairMerger.tolerance(10.7, 1e-6)).isLessThan(0.1);
  }

  @Test
  void leftInverseDropRecoversTheThinFeatures() {
    MlpArchitecture thin = new MlpArchitecture(20, 2, 8, 5);
    try (ImitationPairs pairs = ImitationPairs.create(thin, thin.widen(4), 5, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      AffineFit.leftInverse(pairs.dropLayer(1), pairs.liftLayer(0), manager);
      manager.getEngine().setRandomSeed(11);
      NDArray h = manager.randomNormal(new Shape(16, 8));
      NDArray back = pairs.bridge(1, h, false);
      // the ridge shrinks each direction by lambda / (sigma^2 + lambda), a few ridges of |h| here
      double bound = 10 * LeastSquares.RELATIVE_RIDGE * h.abs().max().getFloat();
      assertThat((double) back.sub(h).abs().max().getFloat()).isLessThan(bound);
    }
  }
}
