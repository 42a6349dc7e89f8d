package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.JumpRecovery;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a phase's {@link JumpRecovery}: watches the smoothed training loss at the loop's
 * check steps, keeps copies of the trained state from settled moments, and on a jump restores the
 * older copy and lowers the learning rate, for the rest of the phase or until the loss is below its
 * lowest before the jump. Its state, copies included, travels through checkpoints, so a resumed
 * phase rolls back exactly where an uninterrupted one does.
 */
final class JumpGuard implements AutoCloseable {

  /**
   * Every how many steps of the stage a settled state is copied. The older of the last two copies
   * is the one restored: the smoothed loss lags the batch loss by about a hundred steps, so the
   * newer copy may already hold the start of the jump.
   */
  static final long COPY_EVERY_STEPS = 100;

  private static final int COPIES_KEPT = 2;
  private static final String PREFIX = "jumps.";

  private final JumpRecovery policy;
  private final List<Parameter> parameters;
  private final FusedOptimizer optimizer;
  private final NDManager copyMemory;
  private final Deque<Copy> copies = new ArrayDeque<>();
  private SmoothedLoss loss = new SmoothedLoss();
  private int jumps;
  private int rollbacks;
  private boolean jumping;

  /** The lowest smoothed loss before the last rollback, while the rate it lowered is in force. */
  private double lowestBeforeRollback = Double.NaN;

  /** A copy of the parameters and optimiser moments, with the smoothed loss when it was taken. */
  private record Copy(NDList arrays, SmoothedLoss loss, long step, long momentSteps) {}

  private JumpGuard(
      JumpRecovery policy, List<Parameter> parameters, FusedOptimizer optimizer, NDManager owner) {
    this.policy = policy;
    this.parameters = parameters;
    this.optimizer = optimizer;
    this.copyMemory = owner.newSubManager();
  }

  /** A guard for a phase that starts now; its first copy is the phase's starting state. */
  static JumpGuard start(
      JumpRecovery policy,
      List<Parameter> parameters,
      FusedOptimizer optimizer,
      NDManager owner,
      long step) {
    JumpGuard guard = new JumpGuard(policy, parameters, optimizer, owner);
    if (policy.enabled()) {
      guard.keepCopy(step);
    }
    return guard;
  }

  /**
   * A guard for a phase resumed from a checkpoint: takes its values and its trailing arrays out of
   * the state the checkpoint carried, and returns the phase's own.
   */
  static Resumed resume(
      JumpRecovery policy,
      List<Parameter> parameters,
      FusedOptimizer optimizer,
      NDManager owner,
      PhaseState carried) {
    JumpGuard guard = new JumpGuard(policy, parameters, optimizer, owner);
    Map<String, Double> values = carried.values();
    Map<String, Double> phaseValues = new HashMap<>();
    values.forEach(
        (key, value) -> {
          if (!key.startsWith(PREFIX)) {
            phaseValues.put(key, value);
          }
        });
    NDList arrays = carried.arrays();
    int copyCount = (int) value(values, "copies", 0);
    int perCopy = guard.arraysPerCopy();
    int phaseArrayCount = arrays.size() - copyCount * perCopy;
    if (phaseArrayCount < 0) {
      throw new IllegalArgumentException(
          "checkpoint holds "
              + arrays.size()
              + " phase arrays, fewer than its "
              + copyCount
              + " copies of "
              + perCopy);
    }
    for (int c = 0; c < copyCount; c++) {
      NDList copy = new NDList();
      for (int i = 0; i < perCopy; i++) {
        NDArray array = arrays.get(phaseArrayCount + c * perCopy + i).duplicate();
        array.attach(guard.copyMemory);
        copy.add(array);
      }
      guard.copies.addLast(
          new Copy(
              copy,
              smoothedLoss(values, "copy" + c + "."),
              (long) value(values, "copy" + c + ".step", 0),
              (long) value(values, "copy" + c + ".momentSteps", 0)));
    }
    guard.loss = smoothedLoss(values, "");
    guard.jumps = (int) value(values, "count", 0);
    guard.rollbacks = (int) value(values, "rollbacks", 0);
    guard.jumping = value(values, "jumping", 0) > 0;
    guard.lowestBeforeRollback = value(values, "lowestBeforeRollback", Double.NaN);
    optimizer.setLearningRateFactor(value(values, "rateFactor", 1));
    optimizer.setMomentLag((long) value(values, "momentLag", 0));
    NDList phaseArrays = new NDList(arrays.subList(0, phaseArrayCount));
    return new Resumed(guard, new PhaseState(phaseValues, phaseArrays));
  }

  /** A resumed guard and what is left of the checkpoint's phase state for the phase itself. */
  record Resumed(JumpGuard guard, PhaseState phaseState) {}

  /**
   * Reads the loss of a check step: keeps a copy when one is due and training is settled, and on a
   * jump rolls back if the policy still allows it.
   *
   * @param step the stage's steps done, after this step's update
   * @return what happened, for the log, when a jump began
   */
  Optional<String> observe(long step, double batchLoss) {
    loss.add(batchLoss);
    if (loss.average() < lowestBeforeRollback) {
      lowestBeforeRollback = Double.NaN;
      optimizer.setLearningRateFactor(1);
      return Optional.of(
          String.format(
              Locale.ROOT,
              "the smoothed loss (%.4g) is below its lowest before the rollback by step %d; the"
                  + " learning rate is the schedule's again",
              loss.average(),
              step));
    }
    if (loss.above(policy.jumpFactor())) {
      if (jumping) {
        return Optional.empty();
      }
      jumps++;
      if (rollbacks < policy.maxRollbacks() && !copies.isEmpty()) {
        return Optional.of(rollBack(step));
      }
      jumping = true;
      return Optional.of(
          describe(step)
              + (policy.enabled()
                  ? "; no rollback left (" + rollbacks + " taken), training goes on"
                  : "; recovery is off, training goes on"));
    }
    if (loss.settled()) {
      jumping = false;
      if (policy.enabled() && step % COPY_EVERY_STEPS == 0) {
        keepCopy(step);
      }
    }
    return Optional.empty();
  }

  int jumps() {
    return jumps;
  }

  int rollbacks() {
    return rollbacks;
  }

  /** The phase's own state with this guard's appended, for a checkpoint. */
  PhaseState appendTo(PhaseState phaseState) {
    Map<String, Double> values = new HashMap<>(phaseState.values());
    NDList arrays = new NDList(phaseState.arrays());
    putSmoothedLoss(values, "", loss);
    values.put(PREFIX + "count", (double) jumps);
    values.put(PREFIX + "rollbacks", (double) rollbacks);
    values.put(PREFIX + "jumping", jumping ? 1.0 : 0.0);
    values.put(PREFIX + "lowestBeforeRollback", lowestBeforeRollback);
    values.put(PREFIX + "rateFactor", optimizer.learningRateFactor());
    values.put(PREFIX + "momentLag", (double) optimizer.momentLag());
    values.put(PREFIX + "copies", (double) copies.size());
    int c = 0;
    for (Copy copy : copies) {
      putSmoothedLoss(values, "copy" + c + ".", copy.loss());
      values.put(PREFIX + "copy" + c + ".step", (double) copy.step());
      values.put(PREFIX + "copy" + c + ".momentSteps", (double) copy.momentSteps());
      arrays.addAll(copy.arrays());
      c++;
    }
    return new PhaseState(values, arrays);
  }

  private String rollBack(long step) {
    Copy restored = copies.peekFirst();
    List<NDArray> saved = restored.arrays();
    for (int i = 0; i < parameters.size(); i++) {
      InPlace.copy(saved.get(i), parameters.get(i).getArray());
    }
    long schedulePosition = optimizer.step();
    optimizer.restore(new NDList(saved.subList(parameters.size(), saved.size())), schedulePosition);
    optimizer.setMomentLag(schedulePosition - restored.momentSteps());
    while (copies.size() > 1) {
      copies.removeLast().arrays().close();
    }
    rollbacks++;
    double rateFactor = Math.pow(policy.rateFactor(), rollbacks);
    optimizer.setLearningRateFactor(rateFactor);
    String jumped = describe(step);
    if (policy.restoreRate()) {
      lowestBeforeRollback = loss.lowest();
    }
    loss = restored.loss().copy();
    return String.format(
        Locale.ROOT,
        "%s; rolled back to step %d and multiplied the learning rate by %.3g (rollback %d of %d)",
        jumped,
        restored.step(),
        rateFactor,
        rollbacks,
        policy.maxRollbacks());
  }

  private void keepCopy(long step) {
    NDList arrays = new NDList();
    for (Parameter parameter : parameters) {
      arrays.add(parameter.getArray().duplicate());
    }
    for (NDArray moment : optimizer.state()) {
      arrays.add(moment.duplicate());
    }
    arrays.attach(copyMemory);
    copies.addLast(new Copy(arrays, loss.copy(), step, optimizer.step() - optimizer.momentLag()));
    while (copies.size() > COPIES_KEPT) {
      copies.removeFirst().arrays().close();
    }
  }

  private String describe(long step) {
    return String.format(
        Locale.ROOT,
        "the smoothed loss jumped to %.4g, %.2f times its lowest (%.4g), by step %d",
        loss.average(),
        loss.average() / loss.lowest(),
        loss.lowest(),
        step);
  }

  private static SmoothedLoss smoothedLoss(Map<String, Double> values, String key) {
    return new SmoothedLoss(
        value(values, key + "average", Double.NaN),
        value(values, key + "lowest", Double.POSITIVE_INFINITY));
  }

  private static void putSmoothedLoss(Map<String, Double> values, String key, SmoothedLoss loss) {
    values.put(PREFIX + key + "average", loss.average());
    values.put(PREFIX + key + "lowest", loss.lowest());
  }

  private int arraysPerCopy() {
    return parameters.size() + optimizer.state().size();
  }

  private static double value(Map<String, Double> values, String key, double otherwise) {
    return values.getOrDefault(PREFIX + key, otherwise);
  }

  @Override
  public void close() {
    copyMemory.close();
  }
}
