package dev.taper.worker;

import dev.taper.dataset.DatasetSplits;
import dev.taper.spec.ExperimentSpec;

/** The prepared data a stage trains on, as its spec describes (dataset, seed, limits). */
public interface TrainingData {

  DatasetSplits prepare(ExperimentSpec spec);

  /** The data, raw and prepared, that exporting a model trained as the spec says needs. */
  ExportInputs forExport(ExperimentSpec spec);

  /** The content hash of a registered dataset (part of a WIDE model's fingerprint). */
  String sha256(String dataset);
}
