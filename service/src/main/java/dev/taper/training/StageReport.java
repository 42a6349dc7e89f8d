package dev.taper.training;

import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.loop.DeviceSplits;
import dev.taper.training.loop.Evaluation;
import java.util.List;

/** Measures a finished stage's model into the {@link ModelMetrics} every model carries. */
public final class StageReport {

  private StageReport() {}

  public static ModelMetrics measure(
      Network network,
      DeviceSplits splits,
      double wallSeconds,
      double samplesPerSecond,
      long thinExamplesSeen,
      List<Double> imitationLossPerLayer,
      double mergeMaxAbsError) {
    Evaluation test = Evaluation.of(network, splits.test());
    Evaluation validation = Evaluation.of(network, splits.validation());
    return new ModelMetrics(
        test.accuracy(),
        test.loss(),
        validation.accuracy(),
        network.parameterCount(),
        network.architecture().flopsPerExample(),
        NetworkFiles.parameterBytes(network),
        wallSeconds,
        samplesPerSecond,
        thinExamplesSeen,
        imitationLossPerLayer,
        mergeMaxAbsError);
  }
}
