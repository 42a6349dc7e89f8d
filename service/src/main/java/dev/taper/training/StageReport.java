package dev.taper.training;

import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.Evaluation;
import dev.taper.training.loop.InactiveUnits;
import dev.taper.training.loop.TrainingLoop;
import java.util.List;

/** Measures a finished stage's model into the {@link ModelMetrics} every model carries. */
public final class StageReport {

  private StageReport() {}

  /**
   * @param run what the training loop measured; the phases whose loss it measured (imitation's)
   *     become the per-layer imitation losses
   * @param mergeMaxAbsError the merge check's error, or NaN for a stage without a merge
   * @param headTemperature the read-out's fitted temperature, or NaN for a stage that fitted none
   */
  public static ModelMetrics measure(
      Network network,
      DeviceSplits splits,
      TrainingLoop.Result run,
      double mergeMaxAbsError,
      double headTemperature) {
    Evaluation test = Evaluation.of(network, splits.test());
    Evaluation validation = Evaluation.of(network, splits.validation());
    if (!Double.isFinite(test.loss())) {
      throw new TrainingDivergedException(
          "the trained network's test loss is " + test.loss() + ": it computes no usable logits");
    }
    List<PhaseLoss> measured =
        run.phaseLosses().stream().filter(phase -> !Double.isNaN(phase.end())).toList();
    return new ModelMetrics(
        test.accuracy(),
        test.loss(),
        validation.accuracy(),
        network.parameterCount(),
        network.architecture().flopsPerExample(),
        NetworkFiles.parameterBytes(network),
        run.wallSeconds(),
        run.samplesPerSecond(),
        run.examplesSeen(),
        run.trainingFlops(),
        measured.stream().map(PhaseLoss::end).toList(),
        measured,
        mergeMaxAbsError,
        headTemperature,
        InactiveUnits.perLayer(network, splits.train()));
  }
}
