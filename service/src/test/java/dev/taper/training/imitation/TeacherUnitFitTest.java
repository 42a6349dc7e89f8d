package dev.taper.training.imitation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.GradMode;
import org.junit.jupiter.api.Test;

/**
 * Thin layers started from the teacher's units, on the committed Fashion-MNIST subset and the
 * shared WIDE teacher: the first layer computes teacher units exactly, and a joint phase starts
 * from a lower imitation loss than from standardised random units.
 */
class TeacherUnitFitTest {

  private static final int EXAMPLES = 1024;

  @Test
  void theFirstThinLayerComputesTheTeacherUnitsItWasFittedTo() {
    GradMode.offOutsideCollectors();
    Network teacher = EngineFixtures.teacher().network();
    ParameterStore teacherStore = new ParameterStore(teacher.manager(), false);
    try (Network thin =
            ModelFamilies.build(EngineFixtures.THIN, EngineFixtures.SEED, Device.cpu());
        DeviceSplits splits = upload();
        NDManager scope = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = splits.train().featureRange(0, EXAMPLES, scope);

      TeacherUnitFit.fit(thin, teacher, teacherStore, 0, x, x, scope);

      float[] own = preActivations(thin, new ParameterStore(scope, false), x);
      float[] teachers = preActivations(teacher, teacherStore, x);
      int width = EngineFixtures.THIN.width();
      int teacherWidth = teachers.length / EXAMPLES;
      // each thin unit is one teacher unit, each teacher unit taken at most once
      boolean[] taken = new boolean[teacherWidth];
      for (int unit = 0; unit < width; unit++) {
        int match = closestTeacherUnit(own, unit, width, teachers, teacherWidth);
        assertThat(taken[match]).as("teacher unit %d taken twice", match).isFalse();
        taken[match] = true;
        assertThat(relativeError(own, unit, width, teachers, match, teacherWidth))
            .as("thin unit %d against teacher unit %d", unit, match)
            .isLessThan(1e-2);
      }
      assertThat(deadUnits(thin, x, scope)).isZero();
    }
  }

  @Test
  void aJointPhaseStartsCloserToTheTeacherThanFromStandardisedUnits() {
    GradMode.offOutsideCollectors();
    ImitationConfig standardised =
        EngineFixtures.imitation(40, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0);
    double fromStandardised = startLoss(standardised);
    double fromTeacherUnits =
        startLoss(EngineFixtures.withLayerInit(standardised, LayerInit.TEACHER_UNITS));
    assertThat(fromTeacherUnits).isLessThan(0.8 * fromStandardised);
  }

  private static double startLoss(ImitationConfig config) {
    Network teacher = EngineFixtures.teacher().network();
    ParameterStore teacherStore = new ParameterStore(teacher.manager(), false);
    Device cpu = Device.cpu();
    var thin = EngineFixtures.THIN;
    try (Network network = ModelFamilies.build(thin, EngineFixtures.SEED, cpu);
        ImitationPairs pairs =
            ImitationPairs.create(thin, teacher.architecture(), EngineFixtures.SEED, cpu);
        DeviceSplits splits = upload();
        NDManager scope = NDManager.newBaseManager(cpu)) {
      SBar sBar = new SBar(network, pairs, teacher, config);
      Phase joint = new Phase(thin.depth() - 1, true, false, config.stepsPerLayer());
      PhaseInitialiser.initialise(sBar, joint, splits.train(), teacherStore);
      // the probe batch, which the fits never see
      NDArray x = splits.train().featureRange(0, ImitationPhase.PROBE_EXAMPLES, scope);
      return sBar.loss(x, joint, sBar.targets(x, joint, teacherStore), false).getFloat();
    }
  }

  private static DeviceSplits upload() {
    return DeviceSplits.upload(
        EngineFixtures.context().data(), EngineFixtures.THIN.inputShape(), Device.cpu());
  }

  private static float[] preActivations(Network network, ParameterStore store, NDArray x) {
    return network
        .firstAffine(0)
        .forward(store, new NDList(x), false)
        .singletonOrThrow()
        .toFloatArray();
  }

  private static int closestTeacherUnit(
      float[] own, int unit, int width, float[] teachers, int teacherWidth) {
    int best = 0;
    for (int candidate = 1; candidate < teacherWidth; candidate++) {
      if (relativeError(own, unit, width, teachers, candidate, teacherWidth)
          < relativeError(own, unit, width, teachers, best, teacherWidth)) {
        best = candidate;
      }
    }
    return best;
  }

  /** RMS difference between a thin and a teacher unit over the teacher unit's RMS. */
  private static double relativeError(
      float[] own, int unit, int width, float[] teachers, int match, int teacherWidth) {
    double difference = 0;
    double scale = 0;
    for (int n = 0; n < EXAMPLES; n++) {
      double t = teachers[n * teacherWidth + match];
      difference += Math.pow(own[n * width + unit] - t, 2);
      scale += t * t;
    }
    return Math.sqrt(difference / Math.max(scale, 1e-30));
  }

  private static long deadUnits(Network network, NDArray x, NDManager scope) {
    NDArray out = network.forwardLayer(new ParameterStore(scope, false), 0, x, false);
    return out.max(new int[] {0}).eq(0).sum().getLong();
  }
}
