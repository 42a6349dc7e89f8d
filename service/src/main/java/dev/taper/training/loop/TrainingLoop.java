package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.CancellationToken;
import dev.taper.training.JumpRecovery;
import dev.taper.training.PhaseLoss;
import dev.taper.training.StageCancelledException;
import dev.taper.training.StageContext;
import dev.taper.training.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every training stage runs, whatever it optimises: phases in order, each step in its own
 * native memory scope followed by one optimiser update; cooperative cancellation between steps;
 * progress a few times a second and at every phase's end; a checkpoint at the phases' boundaries,
 * at every phase start, on the context's timer and when a stop hands the job back; and resumption
 * from the latest checkpoint to the exact step, so that a resumed stage ends bit for bit where an
 * uninterrupted one does. A phase that asks for it has its loss watched for jumps, and rolled back
 * from them ({@link JumpGuard}).
 */
public final class TrainingLoop {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  static {
    // every stage trains through this loop: its per-step temporaries must not refault each step
    NativeMemory.keepFreedMemory();
  }

  private final String stage;
  private final StageContext context;
  private final NDManager manager;
  private final List<Parameter> checkpointed;
  private final int batchSize;

  /**
   * @param stage the stage kind, written into checkpoints (another stage's checkpoint is refused)
   * @param manager the network's manager: steps and optimiser state live under it
   * @param checkpointed every array a checkpoint holds, in a fixed order
   * @param batchSize examples per step, for throughput and budget accounting
   */
  public TrainingLoop(
      String stage,
      StageContext context,
      NDManager manager,
      List<Parameter> checkpointed,
      int batchSize) {
    this.stage = stage;
    this.context = context;
    this.manager = manager;
    this.checkpointed = List.copyOf(checkpointed);
    this.batchSize = batchSize;
  }

  /**
   * What a finished run measured.
   *
   * @param wallSeconds training time, including the time spent before a resumption
   * @param samplesPerSecond throughput of the steps this run took
   * @param examplesSeen examples through the network over all phases: the stage's budget, less what
   *     early stopping saved
   * @param phaseLosses every phase's start and end loss, in order
   * @param trainingFlops what the steps and the phases' fits cost ({@link PassFlops}), including
   *     what was spent before a resumption; NaN when resumed from a checkpoint that predates the
   *     count
   */
  public record Result(
      double wallSeconds,
      double samplesPerSecond,
      long examplesSeen,
      List<PhaseLoss> phaseLosses,
      double trainingFlops) {

    /** The same run, with {@code flops} of work done outside the loop (a fit before it) added. */
    public Result plusFlops(double flops) {
      return new Result(
          wallSeconds, samplesPerSecond, examplesSeen, phaseLosses, trainingFlops + flops);
    }
  }

  public Result run(List<? extends TrainingPhase> phases) {
    long totalSteps = phases.stream().mapToLong(TrainingPhase::steps).sum();
    // the checkpoint's arrays are copied into place, then freed before the first step: a resumed
    // stage must fit wherever an uninterrupted one does
    try (NDManager resumeScope = manager.newSubManager()) {
      Optional<Checkpoint> resumed = CheckpointIo.load(context, stage, resumeScope);
      resumed.ifPresent(checkpoint -> checkpoint.restoreParameters(checkpointed));
      Checkpoint.Position from =
          resumed.map(Checkpoint::position).orElse(Checkpoint.Position.start(stage));
      State state = new State(from, totalSteps);
      for (int p = from.phase(); p < phases.size(); p++) {
        TrainingPhase phase = phases.get(p);
        JumpRecovery recovery = phase.jumpRecovery().orElse(null);
        JumpGuard guard = null;
        try (FusedOptimizer optimizer = phase.openOptimizer(manager)) {
          long phaseStep = 0;
          double startLoss;
          if (p == from.phase() && from.phaseStep() > 0) {
            Checkpoint checkpoint = resumed.orElseThrow();
            optimizer.restore(checkpoint.optimizerState(), from.phaseStep());
            PhaseState carried = new PhaseState(from.phaseValues(), checkpoint.phaseArrays());
            if (recovery != null) {
              JumpGuard.Resumed back =
                  JumpGuard.resume(recovery, checkpointed, optimizer, manager, carried);
              guard = back.guard();
              carried = back.phaseState();
            }
            phase.restore(carried);
            phaseStep = from.phaseStep();
            startLoss = from.phaseStartLoss();
          } else {
            startLoss = phase.start();
            state.flops += phase.startFlops();
            if (recovery != null) {
              guard = JumpGuard.start(recovery, checkpointed, optimizer, manager, state.step);
            }
          }
          if (resumeScope.isOpen()) {
            resumeScope.close();
          }
          runPhase(phase, p, phaseStep, startLoss, optimizer, guard, state);
        } finally {
          if (guard != null) {
            guard.close();
          }
        }
        if (p + 1 < phases.size()) {
          // the next phase starts afresh: nothing of the optimiser or the phase to keep
          Divergence.checkParameters(stage, checkpointed, manager);
          save(state.position(p + 1, 0, Double.NaN, PhaseState.NONE), null, PhaseState.NONE);
        }
      }
      Divergence.checkParameters(stage, checkpointed, manager);
      return state.result();
    }
  }

  private void runPhase(
      TrainingPhase phase,
      int p,
      long firstPhaseStep,
      double startLoss,
      FusedOptimizer optimizer,
      JumpGuard guard,
      State state) {
    ProgressMeter meter =
        new ProgressMeter(context.progress(), state.totalSteps, batchSize, state.step);
    CheckpointTimer timer = new CheckpointTimer(context.checkpointInterval());
    long savedAt = firstPhaseStep;
    float lastLoss = Float.NaN;
    for (long phaseStep = firstPhaseStep; phaseStep < phase.steps(); phaseStep++) {
      CancellationToken cancellation = context.cancellation();
      if (cancellation.isCancellationRequested()) {
        if (cancellation.handsBack() && phaseStep > savedAt) {
          long done = phaseStep;
          saveBeforeHandingBack(
              () -> saveWithin(p, done, startLoss, optimizer, guard, phase, state), state.step);
        }
        throw new StageCancelledException();
      }
      try (NDManager scope = manager.newSubManager()) {
        NDArray loss = phase.step(state.step, scope);
        optimizer.update(scope);
        state.step++;
        state.stepsRun++;
        state.flops += phase.flopsPerExample() * batchSize;
        boolean last = phaseStep + 1 == phase.steps();
        // checked on a step count, never on the clock: a run fails at the same step however loaded
        boolean check = last || Divergence.isCheckStep(state.step);
        boolean report = last || meter.due();
        if (check || report) {
          lastLoss = loss.getFloat();
        }
        if (check) {
          Divergence.checkLoss(stage, phase, state.step, lastLoss, startLoss);
          if (guard != null) {
            guard
                .observe(state.step, lastLoss)
                .ifPresent(what -> LOG.warn("{}: {} phase: {}", stage, phase.name(), what));
          }
        }
        if (report) {
          meter.report(
              phase.name(),
              phase.layer(),
              phase.layers(),
              state.step,
              lastLoss,
              optimizer.currentLearningRate());
        }
      }
      phase.afterStep(phaseStep);
      boolean last = phaseStep + 1 == phase.steps();
      if (!last && phase.stopAfter(phaseStep)) {
        break;
      }
      if (!last && (phase.boundaryAfter(phaseStep) || timer.due())) {
        saveWithin(p, phaseStep + 1, startLoss, optimizer, guard, phase, state);
        savedAt = phaseStep + 1;
        timer.reset();
      }
    }
    OptionalDouble measuredEnd = phase.finish();
    // a phase that measures its end is judged by it: its last step's loss predates the update
    double endLoss = measuredEnd.orElse(lastLoss);
    Divergence.checkLoss(stage, phase, state.step, endLoss, startLoss);
    state.phaseLosses.add(
        new PhaseLoss(
            p,
            startLoss,
            measuredEnd.orElse(Double.NaN),
            guard == null ? 0 : guard.jumps(),
            guard == null ? 0 : guard.rollbacks()));
    // every phase reports its end, however short, so watchers see each imitation layer pass
    meter.report(
        phase.name(),
        phase.layer(),
        phase.layers(),
        state.step,
        endLoss,
        optimizer.currentLearningRate());
  }

  /**
   * Saves the run for the attempt that resumes the job, so it starts here rather than at the last
   * step the timer or an epoch saved. A save that fails costs only those steps: the checkpoint
   * before it is intact (a save replaces it whole), and the job is handed back all the same. A
   * diverged network is still a failure, as at any other save.
   */
  private void saveBeforeHandingBack(Runnable save, long step) {
    try {
      save.run();
    } catch (TrainingDivergedException diverged) {
      throw diverged;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: no checkpoint at step {} before handing the job back; the next attempt resumes"
              + " from the one before",
          stage,
          step,
          e);
    }
  }

  /** Saves the run inside phase {@code p}, with {@code phaseStep} of its steps done. */
  private void saveWithin(
      int p,
      long phaseStep,
      double startLoss,
      FusedOptimizer optimizer,
      JumpGuard guard,
      TrainingPhase phase,
      State state) {
    // a checkpoint never holds a diverged network: resuming it could only diverge again
    Divergence.checkParameters(stage, checkpointed, manager);
    PhaseState phaseState = guard == null ? phase.state() : guard.appendTo(phase.state());
    save(state.position(p, phaseStep, startLoss, phaseState), optimizer, phaseState);
  }

  private void save(Checkpoint.Position position, FusedOptimizer optimizer, PhaseState phase) {
    CheckpointIo.save(context, position, checkpointed, optimizer, phase.arrays());
  }

  /** Where the run is, and what it has measured. */
  private final class State {
    private final long totalSteps;
    private final long started = System.nanoTime();
    private final double priorSeconds;
    private final List<PhaseLoss> phaseLosses;
    private long step;
    private long stepsRun;
    private double flops;

    State(Checkpoint.Position from, long totalSteps) {
      this.totalSteps = totalSteps;
      this.priorSeconds = from.elapsedSeconds();
      this.phaseLosses = new ArrayList<>(from.phaseLosses());
      this.step = from.step();
      // a checkpoint past the first step always carries a positive count, unless it was written
      // before the count existed: then what was spent before it is unknown
      this.flops = from.step() > 0 && from.trainingFlops() == 0 ? Double.NaN : from.trainingFlops();
    }

    Checkpoint.Position position(
        int phase, long phaseStep, double phaseStartLoss, PhaseState phaseState) {
      return new Checkpoint.Position(
          stage,
          step,
          phase,
          phaseStep,
          List.copyOf(phaseLosses),
          phaseStartLoss,
          phaseState.values(),
          priorSeconds + (System.nanoTime() - started) / 1e9,
          flops);
    }

    /** What the run measured; a phase that stopped early counts only the steps it took. */
    Result result() {
      double seconds = (System.nanoTime() - started) / 1e9;
      double throughput = seconds > 0 ? stepsRun * (double) batchSize / seconds : 0;
      return new Result(
          priorSeconds + seconds, throughput, step * batchSize, List.copyOf(phaseLosses), flops);
    }
  }
}
