package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.family.resnet.ResNetArchitecture;
import dev.taper.training.family.transformer.TransformerArchitecture;
import org.junit.jupiter.api.Test;

/**
 * Imitation's cost, worked by hand for an MLP small enough to count: 4 inputs, three layers of 2
 * units, 3 classes, taught by its copy twice as wide. Forward FLOPs per example: thin layers 16, 8,
 * 8 and head 12; the teacher's 32, 32, 32 and 24; each lift (2 to 4) and drop (4 to 2) 16. A pass
 * that trains counts three times.
 */
class ImitationCostTest {

  private static final MlpArchitecture THIN = new MlpArchitecture(4, 3, 2, 3);
  private static final MlpArchitecture WIDE = THIN.widen(2);

  /** 512 probe examples, then 4,096 to fit on. */
  private static final int TRAIN = 10_000;

  private static final int FIT = 4096;

  private static ImitationCost cost(ImitationSchedule schedule, double lowerLayerLrScale) {
    return new ImitationCost(
        THIN,
        WIDE,
        EngineFixtures.imitation(5, schedule, ImitationLoss.NORMALIZED_MSE, lowerLayerLrScale));
  }

  @Test
  void aProgressivePhasePaysOnceForTheFrozenLayersUnderItAndThriceForItsOwn() {
    ImitationCost progressive = cost(ImitationSchedule.PROGRESSIVE, 0);

    // teacher 32; layer 0 and its lift trained: 3 x (16 + 16)
    assertThat(progressive.stepFlopsPerExample(new Phase(0, false, false, 5))).isEqualTo(128);
    // teacher 64; layer 0 and the lift above it frozen (16 + 16); drop, layer, lift trained
    assertThat(progressive.stepFlopsPerExample(new Phase(1, false, false, 5)))
        .isEqualTo(64 + 32 + 3 * (16 + 8 + 16));
    // teacher 96; frozen 16 + 16 + 16 + 8 + 16; trained drop, layer, lift 3 x (16 + 8 + 16)
    assertThat(progressive.stepFlopsPerExample(new Phase(2, false, false, 5)))
        .isEqualTo(96 + 72 + 120);
    // the whole teacher 120; S-bar frozen up to its head (96), the head trained (3 x 12)
    assertThat(progressive.stepFlopsPerExample(new Phase(2, false, true, 5)))
        .isEqualTo(120 + 96 + 36);
  }

  @Test
  void aJointPhaseTrainsEveryPassOfSBarAndTheHeadWhenItMatchesTheLogits() {
    ImitationCost joint = cost(ImitationSchedule.JOINT, 0);
    // every layer (32), every compared lift (48) and the pairs between layers (64), all trained
    double sBar = 3 * (32 + 48 + 64);

    assertThat(joint.stepFlopsPerExample(new Phase(2, true, false, 15))).isEqualTo(96 + sBar);

    ImitationCost withLogits =
        new ImitationCost(
            THIN,
            WIDE,
            EngineFixtures.withLogitsWeight(
                EngineFixtures.imitation(
                    5, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0),
                1.0));
    assertThat(withLogits.stepFlopsPerExample(new Phase(2, true, false, 15)))
        .isEqualTo(96 + 24 + sBar + 3 * 12);
  }

  @Test
  void lowerLayersThatTrainAtAScaledRateArePaidAsTrained() {
    ImitationCost scaled = cost(ImitationSchedule.PROGRESSIVE, 0.1);

    assertThat(scaled.stepFlopsPerExample(new Phase(1, false, false, 5)))
        .isEqualTo(64 + 3 * (16 + 16 + 16 + 8 + 16));
    assertThat(scaled.stepFlopsPerExample(new Phase(2, false, true, 5)))
        .isEqualTo(120 + 3 * (96 + 12));
  }

  @Test
  void aPhaseStartPaysForItsFitsOnTheFitExamples() {
    ImitationConfig standardised =
        EngineFixtures.imitation(5, ImitationSchedule.PROGRESSIVE, ImitationLoss.MSE, 0);
    ImitationConfig teacherUnits =
        EngineFixtures.withLayerInit(standardised, LayerInit.TEACHER_UNITS);
    Phase layer1 = new Phase(1, false, false, 5);

    // below it: teacher 32, thin 16. Then the pair (32), the standardisation's affine map (8),
    // layer 1 and the teacher's (8 + 32), and the lift's fit from 2 to 4 (2 x 2 x 6)
    assertThat(new ImitationCost(THIN, WIDE, standardised).startFlops(layer1, TRAIN))
        .isEqualTo(FIT * (48.0 + 32 + 8 + 40 + 24));
    // teacher units: the teacher layer's affine map (32), its units' covariance (2 x 4 x 4) and
    // the fit of two units from what layer 1 receives (2 x 2 x 4), instead of standardising
    assertThat(new ImitationCost(THIN, WIDE, teacherUnits).startFlops(layer1, TRAIN))
        .isEqualTo(FIT * (48.0 + 32 + 32 + 32 + 16 + 40 + 24));
    // the head's fit: the whole teacher (120), S-bar up to the head (96), the fit from 2 to 3
    assertThat(
            new ImitationCost(THIN, WIDE, standardised)
                .startFlops(new Phase(2, false, true, 5), TRAIN))
        .isEqualTo(FIT * (120.0 + 96 + 20));
  }

  @Test
  void withoutPairsAPhaseComparesBlockOutputsAndFitsOnlyTheHead() {
    ResNetArchitecture thin = FamilyFixtures.RESNET;
    ResNetArchitecture wide = thin.widen(2);
    ImitationCost joint =
        new ImitationCost(
            thin,
            wide,
            EngineFixtures.imitation(5, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0));
    int top = thin.imitationLayers() - 1;
    long head = thin.headFlopsPerExample();

    assertThat(joint.stepFlopsPerExample(new Phase(top, true, false, 5)))
        .isEqualTo(
            (wide.flopsPerExample() - wide.headFlopsPerExample())
                + 3.0 * (thin.flopsPerExample() - head));
    assertThat(joint.startFlops(new Phase(top, true, false, 5), TRAIN)).isZero();
    assertThat(joint.stepFlopsPerExample(new Phase(top, false, true, 5)))
        .isEqualTo(wide.flopsPerExample() + (thin.flopsPerExample() - head) + 3.0 * head);
  }

  @Test
  void projectionsToAWiderResidualStreamArePaidPerTokenAndNothingBridgesTheLayers() {
    TransformerArchitecture thin = FamilyFixtures.TRANSFORMER_WIDENING_RESIDUAL;
    TransformerArchitecture wide = thin.widen(2);
    ImitationCost joint =
        new ImitationCost(
            thin,
            wide,
            EngineFixtures.imitation(5, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0));
    int layers = thin.imitationLayers();
    long tokens = thin.sequenceLength();
    long head = thin.headFlopsPerExample();
    // a 16 -> 32 map on each of the 17 tokens of every layer's output, trained
    double projections = layers * 2.0 * tokens * 16 * 32;

    assertThat(joint.stepFlopsPerExample(new Phase(layers - 1, true, false, 5)))
        .isEqualTo(
            (wide.flopsPerExample() - wide.headFlopsPerExample())
                + 3.0 * (thin.flopsPerExample() - head + projections));
    // both networks' forward passes and, per token, each projection's least squares
    double fits =
        (wide.flopsPerExample() - wide.headFlopsPerExample())
            + (thin.flopsPerExample() - head)
            + layers * tokens * 2.0 * 16 * (16 + 32);
    assertThat(joint.startFlops(new Phase(layers - 1, true, false, 5), TRAIN))
        .isEqualTo(FIT * fits);
  }

  @Test
  void aResNetStartedFromItsTeachersBottlenecksPaysForTwoPassesOfEachBlockOnTheBranchFitExamples() {
    ResNetArchitecture thin = FamilyFixtures.RESNET;
    ResNetArchitecture wide = thin.widen(2);
    ImitationConfig config =
        EngineFixtures.withLayerInit(
            EngineFixtures.imitation(5, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0),
            LayerInit.TEACHER_UNITS);
    int top = thin.imitationLayers() - 1;
    long both = thin.flopsPerExample() - thin.headFlopsPerExample();
    both += wide.flopsPerExample() - wide.headFlopsPerExample();
    double examples = Math.min(FIT, PhaseInitialiser.BRANCH_FIT_EXAMPLES);

    assertThat(
            new ImitationCost(thin, wide, config).startFlops(new Phase(top, true, false, 5), TRAIN))
        .isEqualTo(examples * 2 * both);
    // progressive: the blocks below pass up once, the phase's own is walked and passed up
    long below = thin.layerFlopsPerExample(0) + wide.layerFlopsPerExample(0);
    long own = thin.layerFlopsPerExample(1) + wide.layerFlopsPerExample(1);
    assertThat(
            new ImitationCost(thin, wide, config).startFlops(new Phase(1, false, false, 5), TRAIN))
        .isEqualTo(examples * (below + 2.0 * own));
  }
}
