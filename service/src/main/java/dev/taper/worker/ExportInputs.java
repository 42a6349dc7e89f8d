package dev.taper.worker;

import dev.taper.dataset.DatasetSplits;
import dev.taper.training.export.InputContract;
import dev.taper.training.export.RawExamples;
import java.util.List;

/**
 * What exporting a model of an experiment needs from its data.
 *
 * @param splits the splits the model was trained and measured on (standardised)
 * @param contract what the exported model takes: the dataset's raw values and the training split's
 *     standardisation
 * @param test the test split as the exported model takes it, in the order of {@code splits.test()}
 * @param classNames the class names, in label order
 */
public record ExportInputs(
    DatasetSplits splits, InputContract contract, RawExamples test, List<String> classNames) {}
