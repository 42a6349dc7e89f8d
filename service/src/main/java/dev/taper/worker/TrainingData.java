package dev.taper.worker;

import dev.taper.dataset.DatasetSplits;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.export.InputContract;

/** The prepared data a stage trains on, as its spec describes (dataset, seed, limits). */
public interface TrainingData {

  DatasetSplits prepare(ExperimentSpec spec);

  /**
   * What a network trained as the spec says reads, as the dataset stores it, and how its training
   * standardised it: the numbers a published model records, so that its download needs no dataset.
   */
  InputContract inputContract(ExperimentSpec spec);

  /** The data, raw and prepared, that exporting a model trained as the spec says needs. */
  ExportInputs forExport(ExperimentSpec spec);

  /** The content hash of a registered dataset (part of a WIDE model's fingerprint). */
  String sha256(String dataset);
}
