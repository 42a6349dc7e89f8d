package dev.taper.worker;

import dev.taper.dataset.DatasetSplits;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.Stage;
import dev.taper.training.StageKind;

/** Builds the engine stage a job runs. */
public interface StageFactory {

  /**
   * @param parents the parent models the stage may load; the factory loads only what it needs
   */
  Stage create(StageKind kind, ExperimentSpec spec, DatasetSplits data, ParentModels parents);
}
