package dev.taper.worker;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.LabeledData;
import dev.taper.model.ModelRole;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageKind;
import dev.taper.training.StageOutcome;
import dev.taper.training.export.InputContract;
import dev.taper.training.export.RawExamples;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.mlp.MlpArchitecture;
import java.util.List;
import java.util.function.Function;

/**
 * Stages that do what a test scripts instead of training, for exercising the worker's plumbing
 * (heartbeats, checkpoints, cancellation, publishing) in milliseconds.
 */
final class FakeStages implements StageFactory {

  static final MlpArchitecture TINY = new MlpArchitecture(4, 2, 4, 2);

  volatile Function<StageContext, StageOutcome> behaviour = context -> outcome(0.9);
  volatile List<ModelRole> parentsToLoad = List.of();

  @Override
  public Stage create(
      StageKind kind, ExperimentSpec spec, DatasetSplits data, ParentModels parents) {
    for (ModelRole role : parentsToLoad) {
      parents.load(role);
    }
    return new Stage() {
      @Override
      public StageKind kind() {
        return kind;
      }

      @Override
      public StageOutcome run(StageContext context) {
        return behaviour.apply(context);
      }
    };
  }

  static StageOutcome outcome(double accuracy) {
    return new StageOutcome(
        ModelFamilies.build(TINY, 1, Device.cpu()),
        new ModelMetrics(
            accuracy,
            0.3,
            accuracy,
            TINY.parameterCount(),
            TINY.flopsPerExample(),
            100,
            1.0,
            500,
            64,
            3.0 * TINY.flopsPerExample() * 64,
            List.of(),
            List.of(),
            Double.NaN,
            Double.NaN,
            List.of()));
  }

  /** Four features, two classes, a handful of examples. */
  static class Data implements TrainingData {
    @Override
    public DatasetSplits prepare(ExperimentSpec spec) {
      LabeledData split = new LabeledData(new float[8 * 4], new int[8], new long[] {4}, 2);
      return new DatasetSplits(spec.dataset(), "hash", split, split, split);
    }

    @Override
    public InputContract inputContract(ExperimentSpec spec) {
      // the fake's features are already standardised: the identity standardisation
      return InputContract.floats(prepare(spec).test().exampleShape(), 0, 1);
    }

    @Override
    public ExportInputs forExport(ExperimentSpec spec) {
      DatasetSplits splits = prepare(spec);
      InputContract contract = inputContract(spec);
      return new ExportInputs(
          splits, contract, RawExamples.of(splits.test(), contract), List.of("zero", "one"));
    }

    @Override
    public String sha256(String dataset) {
      return "hash";
    }
  }
}
