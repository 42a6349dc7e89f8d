package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.taper.training.EngineFixtures;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.Optimizer;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.TrainingDivergedException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** A stage never reports success on a diverged network, and says why it stopped. */
class DivergenceTest {

  private static final OptimizerConfig ADAM =
      new OptimizerConfig(Optimizer.ADAM, 1e-3, 0.0, LearningRateSchedule.CONSTANT, 0);

  private static final TrainingPhase IMITATE_LAYER_2 =
      new ScriptedPhase(1, 2, OptionalDouble.of(0.5));

  /**
   * An imitation phase whose loss after its n-th step (counted from 1) is {@code lossAfter(n)} and
   * whose end is {@code end}; it trains nothing (its optimiser has no parameters).
   */
  private record ScriptedPhase(
      long steps, int layer, LongToDoubleFunction lossAfter, OptionalDouble end)
      implements TrainingPhase {

    /** Every step's loss is 0.5, where the phase started. */
    ScriptedPhase(long steps, int layer, OptionalDouble end) {
      this(steps, layer, n -> 0.5, end);
    }

    /** 0.5 at every step but {@code spikeStep}, where the loss is far above the start. */
    static ScriptedPhase spikingAt(long steps, long spikeStep) {
      return new ScriptedPhase(steps, -1, n -> n == spikeStep ? 1000 : 0.5, OptionalDouble.empty());
    }

    @Override
    public double flopsPerExample() {
      return 0;
    }

    @Override
    public FusedOptimizer openOptimizer(NDManager owner) {
      return new FusedOptimizer(ADAM, List.of(), steps, owner);
    }

    @Override
    public double start() {
      return 0.5;
    }

    @Override
    public NDArray step(long step, NDManager scope) {
      // the loop passes the steps done before this one
      return scope.create((float) lossAfter.applyAsDouble(step + 1));
    }

    @Override
    public boolean boundaryAfter(long phaseStep) {
      return false;
    }

    @Override
    public OptionalDouble finish() {
      return end;
    }

    @Override
    public String name() {
      return "imitate";
    }

    @Override
    public int layers() {
      return layer < 0 ? 0 : 4;
    }
  }

  @Test
  void aLossThatIsNotFiniteOrRunsFarAboveItsStartStopsTheStage() {
    assertThatThrownBy(() -> Divergence.checkLoss("IMITATE", IMITATE_LAYER_2, 40, Double.NaN, 0.5))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessage("IMITATE: the imitate (layer 2 of 4) loss became NaN by step 40");
    assertThatThrownBy(() -> Divergence.checkLoss("IMITATE", IMITATE_LAYER_2, 40, 4000, 0.3))
        .hasMessageContaining("loss rose from 0.3000 at the phase's start to 4000 by step 40");
    // ten times a start near zero (a copied layer) is still noise
    assertThatCode(() -> Divergence.checkLoss("IMITATE", IMITATE_LAYER_2, 40, 0.5, 1e-6))
        .doesNotThrowAnyException();
    assertThatCode(() -> Divergence.checkLoss("IMITATE", IMITATE_LAYER_2, 40, 2.5, 0.3))
        .doesNotThrowAnyException();
  }

  @Test
  void aPhaseWhoseMeasuredEndIsNotFiniteFailsEvenIfItsLastStepWasFine() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      // what a probe after the last update measures when that update diverged
      TrainingPhase fineStepsThenNaN = new ScriptedPhase(3, -1, OptionalDouble.of(Double.NaN));
      TrainingLoop loop =
          new TrainingLoop(
              "IMITATE", StageContext.of(null, 1, Device.cpu()), manager, List.of(), 1);
      assertThatThrownBy(() -> loop.run(List.of(fineStepsThenNaN)))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessage("IMITATE: the imitate loss became NaN by step 3");
    }
  }

  @Test
  void theLossIsCheckedOnAStepCountSoARunFailsAtTheSameStepHoweverFastItRuns() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      long onACheckStep = 3 * Divergence.LOSS_CHECK_EVERY_STEPS;
      // a few hundred steps take well under the progress meter's half second: only the count sees
      // it
      TrainingLoop spiking =
          new TrainingLoop(
              "IMITATE", StageContext.of(null, 1, Device.cpu()), manager, List.of(), 1);
      assertThatThrownBy(() -> spiking.run(List.of(ScriptedPhase.spikingAt(300, onACheckStep))))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessage(
              "IMITATE: the imitate loss rose from 0.5000 at the phase's start to 1000 by step "
                  + onACheckStep);
      // between check steps a one-step spike is never seen, on any machine
      TrainingLoop between =
          new TrainingLoop(
              "IMITATE", StageContext.of(null, 1, Device.cpu()), manager, List.of(), 1);
      assertThatCode(() -> between.run(List.of(ScriptedPhase.spikingAt(300, onACheckStep + 1))))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aStageTrainedAtAnAbsurdLearningRateFailsInsteadOfReportingAModel() {
    OptimizerConfig huge =
        new OptimizerConfig(Optimizer.SGD, 1e6, 0.0, LearningRateSchedule.CONSTANT, 0);
    TrainConfig config = new TrainConfig(1, 64, huge);
    assertThatThrownBy(
            () -> Stages.scratch(EngineFixtures.THIN, config).run(EngineFixtures.context()))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageStartingWith("SCRATCH: ");
  }
}
