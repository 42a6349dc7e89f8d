package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.FeatureConditioning;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.TokenTransfer;
import dev.taper.training.PhaseLoss;
import dev.taper.training.SeededEngine;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.transformer.AttentionWidening;
import dev.taper.training.family.transformer.TransformerArchitecture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Imitation's options beyond the paper: copied parameters and MobileBERT's token comparisons. */
@ExtendWith(SeededEngine.class)
class ImitationOptionsTest {

  @Test
  void theThinTransformerTakesEveryParameterWideningLeftAloneFromItsTeacher() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER;
    try (Network student = ModelFamilies.build(thin, 1, Device.cpu());
        Network teacher = ModelFamilies.build(thin.widen(2), 2, Device.cpu())) {
      long copied = SameShapeParameters.copy(teacher, student);
      Map<String, Parameter> wide = byName(teacher);
      int same = 0;
      int different = 0;
      for (Pair<String, Parameter> parameter : student.block().getParameters()) {
        NDArray values = parameter.getValue().getArray();
        NDArray theirs = wide.get(parameter.getKey()).getArray();
        if (values.getShape().equals(theirs.getShape())) {
          assertThat(values.toFloatArray()).as(parameter.getKey()).isEqualTo(theirs.toFloatArray());
          same++;
        } else {
          different++;
        }
      }
      // embedding, position, class token, every LayerNorm and the read-out; not attention or FFN
      assertThat(same).isGreaterThan(different);
      assertThat(copied).isPositive().isLessThan(student.parameterCount());
      assertThat(byName(student).keySet()).anyMatch(name -> name.contains("position"));
    }
  }

  @Test
  void aResNetTakesItsStemShortcutsAndReadout() {
    try (Network student = ModelFamilies.build(FamilyFixtures.RESNET, 1, Device.cpu());
        Network teacher = ModelFamilies.build(FamilyFixtures.RESNET.widen(4), 2, Device.cpu())) {
      SameShapeParameters.copy(teacher, student);
      float[] stem = student.layerState(0).get(0).getArray().toFloatArray();
      float[] teachers = teacher.layerState(0).get(0).getArray().toFloatArray();
      assertThat(stem).isEqualTo(teachers);
    }
  }

  @Test
  void tokensCompareToZeroWithThemselvesAndThePooledTokenWeighsAsAsked() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(4, 5, 8));
      TokenTransfer plain = new TokenTransfer(0, 1, 1);
      assertThat(TokenComparison.features(x, x, plain, 0).getFloat()).isCloseTo(0, within(1e-6f));
      // only token 0 differs: its weight w makes it count w / (tokens - 1 + w) of the mean
      NDArray y = x.duplicate();
      y.set(new ai.djl.ndarray.index.NDIndex(":, 0, :"), manager.randomNormal(new Shape(4, 8)));
      float once = TokenComparison.features(y, x, new TokenTransfer(0, 0, 1), 0).getFloat();
      float heavy = TokenComparison.features(y, x, new TokenTransfer(0, 0, 4), 0).getFloat();
      assertThat(heavy / once).isCloseTo((4f / 8f) / (1f / 5f), within(1e-3f));
      // a token shifted and scaled normalises to itself; the statistics term sees the change
      NDArray shifted = x.mul(3).add(1);
      assertThat(TokenComparison.features(shifted, x, new TokenTransfer(0, 0, 1), -1).getFloat())
          .isCloseTo(0, within(1e-4f));
      assertThat(TokenComparison.features(shifted, x, plain, -1).getFloat()).isGreaterThan(1f);
    }
  }

  @Test
  void attentionIsComparedHeadForHeadOrAgainstTheMeanOfEachRunOfWiderHeads() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray p = manager.randomNormal(new Shape(2, 2, 3, 3)).softmax(-1);
      assertThat(TokenComparison.attention(List.of(p), List.of(p)).getFloat())
          .isCloseTo(0, within(1e-6f));
      // a teacher with every head doubled: each run of two averages back to the student's head
      NDArray doubled = p.reshape(2, 2, 1, 3, 3).repeat(2, 2).reshape(2, 4, 3, 3);
      assertThat(TokenComparison.attention(List.of(p), List.of(doubled)).getFloat())
          .isCloseTo(0, within(1e-6f));
      NDArray other = manager.randomNormal(new Shape(2, 2, 3, 3)).softmax(-1);
      assertThat(TokenComparison.attention(List.of(p), List.of(other)).getFloat()).isPositive();
    }
  }

  @Test
  void aTransformerReportsOneDistributionPerQueryFromEveryBlock() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER;
    try (Network network = ModelFamilies.build(thin, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomNormal(new Shape(3, 1, 28, 28));
      NDArray embedded = network.forwardLayer(new ParameterStore(manager, false), 0, x, false);
      Network.LayerOutput block =
          network.forwardLayerWithAttention(new ParameterStore(manager, false), 1, embedded, false);
      assertThat(block.attention()).hasSize(1);
      NDArray p = block.attention().get(0);
      int t = thin.sequenceLength();
      assertThat(p.getShape()).isEqualTo(new Shape(3, thin.heads(), t, t));
      assertThat(p.sum(new int[] {3}).sub(1).abs().max().getFloat()).isLessThan(1e-5f);
      assertThat(
              network
                  .forwardLayerWithAttention(new ParameterStore(manager, false), 0, x, false)
                  .attention())
          .isEmpty();
    }
  }

  @Test
  void widenedHeadSizeKeepsOneTeacherHeadPerStudentHead() {
    TransformerArchitecture thin =
        new TransformerArchitecture(
            new long[] {1, 28, 28},
            FamilyFixtures.TRANSFORMER.tokens(),
            7,
            2,
            16,
            2,
            8,
            32,
            FamilyFixtures.TRANSFORMER.pooling(),
            10,
            AttentionWidening.HEAD_SIZE);
    TransformerArchitecture wide = thin.widen(4);
    assertThat(wide.heads()).isEqualTo(2);
    assertThat(wide.headSize()).isEqualTo(32);
    assertThat(wide.ffnWidth()).isEqualTo(128);
  }

  @Test
  void transformerImitationWithEveryTokenTermLowersEachPhasesLoss() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER;
    ImitationConfig config = progressiveWithEveryTokenTerm();
    try (StageOutcome teacher =
            Stages.wide(thin, 2, EngineFixtures.WIDE_TRAINING).run(EngineFixtures.context());
        StageOutcome warmed =
            Stages.imitate(thin, config, teacher.network()).run(EngineFixtures.context())) {
      List<PhaseLoss> phases = warmed.metrics().phaseLosses();
      assertThat(phases).hasSize(thin.imitationLayers() + 1);
      // layer 0 (the embedding) was copied exactly: nothing left to learn there
      assertThat(phases.get(0).start()).isLessThan(1e-4);
      for (PhaseLoss phase : phases.subList(1, phases.size())) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isLessThan(phase.start());
      }
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.25);
    }
  }

  @Test
  void aWiderResidualStreamIsComparedThroughProjectionsThatNeverEnterTheThinNetworksPath() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER_WIDENING_RESIDUAL;
    TransformerArchitecture wide = thin.widen(2);
    try (ImitationPairs projections = ImitationPairs.create(thin, wide, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      assertThat(projections.present()).isTrue();
      assertThat(projections.bridged()).isFalse();
      NDArray h = manager.randomNormal(new Shape(3, thin.sequenceLength(), thin.width()));
      assertThat(projections.bridge(1, h, false)).isSameAs(h);
      assertThat(projections.lift(1, h, false).getShape())
          .isEqualTo(new Shape(3, thin.sequenceLength(), wide.width()));
      assertThat(projections.dropParameters(1)).isEmpty();
      // one 16 -> 32 map (weight and bias) per imitation layer, and nothing else
      assertThat(projections.parameters()).hasSize(2 * thin.imitationLayers());
    }
  }

  @Test
  void aTeacherWithAWiderResidualStreamWarmsTheThinTransformerUpThroughFittedProjections() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER_WIDENING_RESIDUAL;
    ImitationConfig config = progressiveWithEveryTokenTerm();
    try (StageOutcome teacher =
            Stages.wide(thin, 2, EngineFixtures.WIDE_TRAINING).run(EngineFixtures.context());
        StageOutcome warmed =
            Stages.imitate(thin, config, teacher.network()).run(EngineFixtures.context())) {
      assertThat(teacher.network().architecture()).isEqualTo(thin.widen(2));
      // the projections are gone: the warmed network is the thin architecture, nothing merged
      assertThat(warmed.network().architecture()).isEqualTo(thin);
      assertThat(warmed.network().parameterCount()).isEqualTo(thin.parameterCount());
      assertThat(warmed.metrics().mergeMaxAbsError()).isZero();
      List<PhaseLoss> phases = warmed.metrics().phaseLosses();
      assertThat(phases).hasSize(thin.imitationLayers() + 1);
      for (PhaseLoss phase : phases) {
        assertThat(phase.end()).as("phase %d", phase.phase()).isLessThan(phase.start());
      }
      assertThat(warmed.metrics().testAccuracy()).isGreaterThan(0.25);
    }
  }

  /** Progressive, 30 steps a layer, the copy, and MobileBERT's token terms all on. */
  private static ImitationConfig progressiveWithEveryTokenTerm() {
    return EngineFixtures.imitation(
        EngineFixtures.imitation(
            30, ImitationSchedule.PROGRESSIVE, ImitationLoss.TOKEN_NORMALIZED_MSE, 0.0),
        true,
        new TokenTransfer(1.0, 0.1, 4.0),
        FeatureConditioning.NONE);
  }

  private static Map<String, Parameter> byName(Network network) {
    Map<String, Parameter> parameters = new HashMap<>();
    network.block().getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
    return parameters;
  }
}
