package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.FeatureConditioning;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.TokenTransfer;
import dev.taper.training.SeededEngine;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The feature-conditioning terms against values worked out by hand, and in a real imitation. */
@ExtendWith(SeededEngine.class)
class ConditioningLossTest {

  private static final FeatureConditioning VARIANCE = new FeatureConditioning(1, 0);
  private static final FeatureConditioning DECORRELATION = new FeatureConditioning(0, 1);

  /** Columns of a 4x4 Hadamard matrix without the constant one: centred and uncorrelated. */
  private static final float[][] ORTHOGONAL = {{1, 1, 1}, {-1, 1, -1}, {1, -1, -1}, {-1, -1, 1}};

  @Test
  void uncorrelatedUnitsOfEqualSpreadCostNothing() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray h = manager.create(ORTHOGONAL);
      assertThat(value(h, new FeatureConditioning(1, 1))).isCloseTo(0, within(1e-5));
    }
  }

  @Test
  void aCopiedUnitIsFullyCorrelated() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray h = manager.create(new float[][] {{1, 2}, {-1, -2}, {3, 6}, {0, 0}});
      // both off-diagonal correlations are 1; two of them over 2 x 1 pairs
      assertThat(value(h, DECORRELATION)).isCloseTo(1, within(1e-4));
      assertThat(value(h, new FeatureConditioning(0, 2.5))).isCloseTo(2.5, within(1e-3));
    }
  }

  @Test
  void aUnitVaryingLessThanItsLayersAverageFallsShort() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      // standard deviations 1 and 3, mean 2: the first falls short by 1 - 1/2, the second not
      NDArray h = manager.create(new float[][] {{1, 3}, {-1, -3}, {1, -3}, {-1, 3}});
      assertThat(value(h, VARIANCE)).isCloseTo(0.25, within(1e-4));
      assertThat(value(h, DECORRELATION)).isCloseTo(0, within(1e-5));
    }
  }

  @Test
  void bothTermsIgnoreTheFeaturesScale() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray h =
          manager.randomNormal(new Shape(64, 5)).add(manager.randomNormal(new Shape(64, 1)));
      FeatureConditioning both = new FeatureConditioning(1, 1);
      assertThat(value(h.mul(1000), both)).isCloseTo(value(h, both), within(1e-4));
    }
  }

  @Test
  void featureMapsReadTheirChannelsAsUnitsAndPixelsAsSamples() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray channel = manager.randomNormal(new Shape(8, 1, 3, 3));
      NDArray h = channel.concat(channel.mul(-2), 1);
      // the second channel is the first reflected: correlation -1, squared 1
      assertThat(value(h, DECORRELATION)).isCloseTo(1, within(1e-4));
    }
  }

  @Test
  void theTermsGradientReachesTheFeatures() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray h = manager.create(new float[][] {{1, 2}, {-1, -1}, {3, 5}, {0, 1}});
      h.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(oneLayer(h, new FeatureConditioning(1, 1)));
      }
      assertThat(h.getGradient().abs().sum().getFloat()).isPositive();
    }
  }

  /**
   * The same joint imitation with and without the terms: with them, the thin units of every layer
   * are less correlated with each other on training examples.
   */
  @Test
  void imitationWithTheTermsLeavesLessCorrelatedThinFeatures() {
    GradMode.offOutsideCollectors();
    double[] without = correlationAfterImitation(FeatureConditioning.NONE);
    double[] with = correlationAfterImitation(new FeatureConditioning(1, 10));
    for (int layer = 0; layer < with.length; layer++) {
      assertThat(with[layer]).as("layer %d", layer).isLessThan(without[layer]);
    }
  }

  /** Each thin layer's mean squared correlation between units after imitation. */
  private static double[] correlationAfterImitation(FeatureConditioning conditioning) {
    ImitationConfig config =
        EngineFixtures.imitation(
            EngineFixtures.imitation(
                40, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0),
            false,
            TokenTransfer.NONE,
            conditioning);
    try (TrainedSBar trained = TrainedSBar.train(config)) {
      DeviceSplits splits = trained.splits();
      NDArray x =
          splits.train().featureRange(0, Math.min(512, splits.train().size()), trained.scope());
      double[] correlation = new double[trained.network().layerCount()];
      for (int layer = 0; layer < correlation.length; layer++) {
        correlation[layer] = value(trained.sBar().features(x, layer, false), DECORRELATION);
      }
      return correlation;
    }
  }

  private static double value(NDArray h, FeatureConditioning conditioning) {
    return oneLayer(h, conditioning).getFloat();
  }

  /** One layer's terms through the stacked computation imitation uses. */
  private static NDArray oneLayer(NDArray h, FeatureConditioning conditioning) {
    return ConditioningLoss.perLayer(List.of(h), conditioning).squeeze(0);
  }
}
