package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.taper.training.EngineFixtures.RecordingCheckpoints;
import dev.taper.training.JumpRecovery;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.Optimizer;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.PhaseLoss;
import dev.taper.training.StageCancelledException;
import dev.taper.training.StageContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A phase whose smoothed loss jumps rolls back to its older settled copy and goes on at a lower
 * rate, with Adam's moments as they were; a resumed phase does so exactly as an uninterrupted one.
 */
class JumpGuardTest {

  private static final double LR = 1e-3;
  private static final long STEPS = 500;
  private static final float START = 1f;

  /** The batch loss jumps from 1 to 3 for steps 251 to 280 and comes back. */
  private static final long JUMP_FROM = 251;

  private static final long JUMP_TO = 280;

  /** Where the smoothed loss (weight 0.1 a reading, every 10 steps) first passes 1.3 times 1. */
  private static final long DETECTED_AT = 270;

  private static final JumpRecovery RECOVER = new JumpRecovery(1.3, 0.5, 3);

  @BeforeAll
  static void gradientsOnlyInsideCollectors() {
    GradMode.offOutsideCollectors();
  }

  /**
   * One parameter of four ones whose gradient is 1 everywhere: Adam moves it by the learning rate
   * each step, so where it ends tells which steps ran at which rate. The loss the loop reads is
   * scripted.
   */
  private static final class ScriptedJump implements TrainingPhase {

    private final Parameter weight;
    private final JumpRecovery recovery;
    private final float after;

    /**
     * @param after the batch loss after the jump
     */
    ScriptedJump(Parameter weight, JumpRecovery recovery, float after) {
      this.weight = weight;
      this.recovery = recovery;
      this.after = after;
    }

    @Override
    public long steps() {
      return STEPS;
    }

    @Override
    public double flopsPerExample() {
      return 0;
    }

    @Override
    public FusedOptimizer openOptimizer(NDManager owner) {
      weight.getArray().setRequiresGradient(true);
      OptimizerConfig adam =
          new OptimizerConfig(Optimizer.ADAM, LR, 0.0, LearningRateSchedule.CONSTANT, 0);
      return new FusedOptimizer(
          adam, List.of(new ParameterGroup(List.of(weight), 1)), STEPS, owner);
    }

    @Override
    public double start() {
      return START;
    }

    @Override
    public NDArray step(long step, NDManager scope) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray sum = weight.getArray().sum();
        sum.attach(scope);
        collector.backward(sum);
      }
      long n = step + 1;
      return scope.create(n < JUMP_FROM ? START : n <= JUMP_TO ? 3f : after);
    }

    @Override
    public boolean boundaryAfter(long phaseStep) {
      return false;
    }

    @Override
    public Optional<JumpRecovery> jumpRecovery() {
      return Optional.of(recovery);
    }

    @Override
    public OptionalDouble finish() {
      return OptionalDouble.of(START);
    }

    @Override
    public String name() {
      return "imitate";
    }
  }

  private record Run(float[] weight, PhaseLoss phase) {}

  private static Run run(JumpRecovery recovery, StageContext context) {
    return run(recovery, context, START);
  }

  private static Run run(JumpRecovery recovery, StageContext context, float after) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Parameter weight = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
      weight.setArray(manager.ones(new Shape(4)));
      TrainingLoop loop = new TrainingLoop("IMITATE", context, manager, List.of(weight), 1);
      TrainingLoop.Result result = loop.run(List.of(new ScriptedJump(weight, recovery, after)));
      return new Run(weight.getArray().toFloatArray(), result.phaseLosses().get(0));
    }
  }

  private static StageContext context() {
    return StageContext.of(null, 1, Device.cpu());
  }

  @Test
  void aJumpRollsBackToTheOlderCopyAndHalvesTheRate() {
    Run run = run(RECOVER, context());
    // copies at steps 0, 100 and 200; the jump is seen at 270 and restores the one from 100. The
    // steps from 270 on run at half the rate; 101..270 are spent and undone.
    double expected = 1 - LR * (100 + 0.5 * (STEPS - DETECTED_AT));
    assertThat(run.weight()).usingComparatorWithPrecision(2e-5f).containsOnly((float) expected);
    assertThat(run.phase().jumps()).isEqualTo(1);
    assertThat(run.phase().rollbacks()).isEqualTo(1);
  }

  @Test
  void aRestoredRateReturnsOnceTheLossIsBelowItsLowestBeforeTheJump() {
    JumpRecovery restoring = new JumpRecovery(1.3, 0.5, 3, true);
    // after the jump the batch loss is 0.8: rewound to the copy's 1.0, the average is 1.2 after the
    // reading at step 280 and 0.8 + 0.4 * 0.9^k after k more, below 1.0 from k = 7, step 350
    Run run = run(restoring, context(), 0.8f);
    double expected = 1 - LR * (100 + 0.5 * (350 - DETECTED_AT) + (STEPS - 350));
    assertThat(run.weight()).usingComparatorWithPrecision(2e-5f).containsOnly((float) expected);
    assertThat(run.phase().rollbacks()).isEqualTo(1);
    // without restoring, the same run keeps half the rate to the end
    Run kept = run(RECOVER, context(), 0.8f);
    double halved = 1 - LR * (100 + 0.5 * (STEPS - DETECTED_AT));
    assertThat(kept.weight()).usingComparatorWithPrecision(2e-5f).containsOnly((float) halved);
  }

  @Test
  void withRecoveryOffAJumpIsCountedAndTrainingGoesOn() {
    Run run = run(JumpRecovery.OFF, context());
    double expected = 1 - LR * STEPS;
    assertThat(run.weight()).usingComparatorWithPrecision(2e-5f).containsOnly((float) expected);
    assertThat(run.phase().jumps()).isEqualTo(1);
    assertThat(run.phase().rollbacks()).isZero();
  }

  @Test
  void aPhaseResumedBeforeOrAfterItsRollbackEndsBitForBitWhereAnUninterruptedOneDoes() {
    assertResumeMatches(RECOVER, START);
    // interrupted while the lowered rate is in force, and after it is restored
    assertResumeMatches(new JumpRecovery(1.3, 0.5, 3, true), 0.8f);
  }

  private static void assertResumeMatches(JumpRecovery recovery, float after) {
    float[] uninterrupted = run(recovery, context(), after).weight();
    for (int stopAfter : new int[] {230, 275, 340, 420}) {
      RecordingCheckpoints checkpoints = new RecordingCheckpoints();
      AtomicInteger polls = new AtomicInteger();
      StageContext interrupted =
          context()
              .withCheckpoints(checkpoints, Duration.ZERO)
              .withCancellation(() -> polls.incrementAndGet() > stopAfter);
      assertThatThrownBy(() -> run(recovery, interrupted, after))
          .isInstanceOf(StageCancelledException.class);
      Run resumed =
          run(recovery, context().withCheckpoints(checkpoints, Duration.ofHours(1)), after);
      assertThat(resumed.weight()).as("stopped after %d", stopAfter).containsExactly(uninterrupted);
      assertThat(resumed.phase().rollbacks()).isEqualTo(1);
    }
  }

  @Test
  void noCopyIsTakenWhileTheLossIsStillAboveItsLowest() {
    SmoothedLoss loss = new SmoothedLoss();
    loss.add(1.0);
    assertThat(loss.settled()).isTrue();
    loss.add(3.0);
    // 0.9 * 1 + 0.1 * 3 = 1.2: above 1.1 times the lowest, not yet 1.3 times it
    assertThat(loss.average()).isCloseTo(1.2, within(1e-12));
    assertThat(loss.settled()).isFalse();
    assertThat(loss.above(1.3)).isFalse();
    loss.add(3.0);
    assertThat(loss.above(1.3)).isTrue();
  }
}
