package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.taper.training.family.Network.LayerOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Layers compared together, stacked by shape, cost what they cost compared one at a time, with the
 * same gradients.
 */
@ExtendWith(SeededEngine.class)
class ComparedLayersTest {

  private static final FeatureConditioning CONDITIONED = new FeatureConditioning(0.1, 0.1);

  /** An MLP's layers: lifted (32, 24) against the teacher's, thin outputs (32, 6). */
  private static final List<LayerShapes> MLP =
      List.of(
          new LayerShapes(new Shape(32, 24), new Shape(32, 6)),
          new LayerShapes(new Shape(32, 24), new Shape(32, 6)),
          new LayerShapes(new Shape(32, 24), new Shape(32, 6)),
          new LayerShapes(new Shape(32, 24), new Shape(32, 6)));

  /** A ResNet's: two stages of feature maps, so two groups of each kind. */
  private static final List<LayerShapes> RESNET =
      List.of(
          new LayerShapes(new Shape(8, 12, 4, 4), new Shape(8, 3, 4, 4)),
          new LayerShapes(new Shape(8, 12, 4, 4), new Shape(8, 3, 4, 4)),
          new LayerShapes(new Shape(8, 20, 2, 2), new Shape(8, 5, 2, 2)),
          new LayerShapes(new Shape(8, 20, 2, 2), new Shape(8, 5, 2, 2)));

  @Test
  void stackedNormalizedMseWithConditioningMatchesLayerByLayer() {
    assertStackingChangesNothing(MLP, config(ImitationLoss.NORMALIZED_MSE, CONDITIONED));
  }

  @Test
  void stackedMseAndVarianceNormalizedMseMatchLayerByLayer() {
    assertStackingChangesNothing(MLP, config(ImitationLoss.MSE, FeatureConditioning.NONE));
    assertStackingChangesNothing(
        MLP, config(ImitationLoss.VARIANCE_NORMALIZED_MSE, FeatureConditioning.NONE));
  }

  @Test
  void layersOfDifferentShapesAreComparedInTheirOwnGroups() {
    assertStackingChangesNothing(RESNET, config(ImitationLoss.NORMALIZED_MSE, CONDITIONED));
  }

  @Test
  void tokenComparisonMatchesLayerByLayer() {
    assertStackingChangesNothing(
        List.of(
            new LayerShapes(new Shape(8, 5, 12), new Shape(8, 5, 4)),
            new LayerShapes(new Shape(8, 5, 12), new Shape(8, 5, 4))),
        config(ImitationLoss.TOKEN_NORMALIZED_MSE, CONDITIONED));
  }

  @Test
  void comparingNoLayerIsAMistake() {
    ComparedLayers none = new ComparedLayers();
    assertThatThrownBy(() -> none.loss(config(ImitationLoss.MSE, FeatureConditioning.NONE), -1))
        .isInstanceOf(IllegalStateException.class);
  }

  private record LayerShapes(Shape lifted, Shape thin) {}

  /** Loss and gradients of the layers compared together against the sum of each compared alone. */
  private static void assertStackingChangesNothing(
      List<LayerShapes> shapes, ImitationConfig config) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      List<NDArray> lifted = new ArrayList<>();
      List<NDArray> targets = new ArrayList<>();
      List<NDArray> thin = new ArrayList<>();
      for (LayerShapes layer : shapes) {
        lifted.add(manager.randomNormal(layer.lifted()).mul(3));
        targets.add(manager.randomNormal(layer.lifted()).add(1));
        // a shared component correlates the units, so the decorrelation term is not zero
        thin.add(manager.randomNormal(layer.thin()).add(manager.randomNormal(layer.thin())));
      }
      Outcome together = evaluate(lifted, targets, thin, config, List.of(shapes.size()));
      List<Integer> oneByOne = shapes.stream().map(layer -> 1).toList();
      Outcome alone = evaluate(lifted, targets, thin, config, oneByOne);
      assertThat(together.loss()).isCloseTo(alone.loss(), within(1e-5 * Math.abs(alone.loss())));
      assertThat(together.gradients()).hasSameSizeAs(alone.gradients());
      for (int i = 0; i < alone.gradients().size(); i++) {
        float[] expected = alone.gradients().get(i);
        float[] actual = together.gradients().get(i);
        double scale = 0;
        for (float value : expected) {
          scale = Math.max(scale, Math.abs(value));
        }
        assertThat(scale).as("gradient %d", i).isPositive();
        for (int j = 0; j < expected.length; j++) {
          assertThat((double) actual[j]).isCloseTo(expected[j], within(1e-6 * scale));
        }
      }
    }
  }

  private record Outcome(double loss, List<float[]> gradients) {}

  /**
   * The loss of the layers split into consecutive runs of the given sizes, each run compared by one
   * {@link ComparedLayers} and the runs' losses added, and the gradients it sends to every lifted
   * and thin output.
   */
  private static Outcome evaluate(
      List<NDArray> lifted,
      List<NDArray> targets,
      List<NDArray> thin,
      ImitationConfig config,
      List<Integer> runs) {
    List<NDArray> liftedLeaves = leaves(lifted);
    List<NDArray> thinLeaves = leaves(thin);
    double loss;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      int next = 0;
      for (int size : runs) {
        ComparedLayers compared = new ComparedLayers();
        for (int i = next; i < next + size; i++) {
          compared.add(
              liftedLeaves.get(i),
              new LayerOutput(targets.get(i), List.of()),
              new LayerOutput(thinLeaves.get(i), List.of()));
        }
        next += size;
        NDArray run = compared.loss(config, -1);
        total = total == null ? run : total.add(run);
      }
      loss = total.getFloat();
      collector.backward(total);
    }
    List<float[]> gradients = new ArrayList<>();
    for (NDArray leaf : liftedLeaves) {
      gradients.add(leaf.getGradient().toFloatArray());
    }
    if (config.conditioning().any()) {
      for (NDArray leaf : thinLeaves) {
        gradients.add(leaf.getGradient().toFloatArray());
      }
    }
    return new Outcome(loss, gradients);
  }

  private static List<NDArray> leaves(List<NDArray> values) {
    List<NDArray> leaves = new ArrayList<>();
    for (NDArray value : values) {
      NDArray leaf = value.duplicate();
      leaf.setRequiresGradient(true);
      leaves.add(leaf);
    }
    return leaves;
  }

  private static ImitationConfig config(ImitationLoss loss, FeatureConditioning conditioning) {
    return EngineFixtures.imitation(
        EngineFixtures.imitation(10, ImitationSchedule.JOINT, loss, 0.0),
        false,
        TokenTransfer.NONE,
        conditioning);
  }
}
