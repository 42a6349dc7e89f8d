package dev.taper.experiment;

import dev.taper.dataset.DatasetPreparer.SplitSizes;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.family.FieldChecks;

/**
 * Names the batch sizes a resolved spec cannot train with on its dataset: a stage draws whole
 * batches from the training split that is left after {@code limits} and the validation hold-out, so
 * a batch larger than that split would fail the stage on the worker, long after the submission was
 * accepted. Small uploaded datasets meet the defaults' batch sizes first.
 */
final class BatchSizeCheck {

  private BatchSizeCheck() {}

  static void check(ExperimentSpec s, RegisteredDataset dataset, FieldChecks c) {
    if (c.has("limits")) {
      return;
    }
    SplitSizes sizes =
        SplitSizes.of(
            dataset.trainExamples(), s.limits().validationFraction(), s.limits().trainExamples());
    // a named teacher means WIDE does not train here, so its batch size is never used
    if (s.teacher().modelId() == null) {
      checkOne("wide", s.wide().batchSize(), sizes, dataset, c);
    }
    checkOne("imitate", s.imitate().batchSize(), sizes, dataset, c);
    checkOne("finetune", s.finetune().batchSize(), sizes, dataset, c);
  }

  /** Adds nothing where the stage's object was itself rejected (it then holds the defaults). */
  private static void checkOne(
      String stage, int batchSize, SplitSizes sizes, RegisteredDataset dataset, FieldChecks c) {
    if (batchSize <= sizes.train() || c.hasExactly(stage)) {
      return;
    }
    String field = stage + ".batchSize";
    c.add(
        field,
        "is "
            + batchSize
            + ", larger than the "
            + sizes.train()
            + " training examples dataset '"
            + dataset.name()
            + "' leaves after limits.trainExamples and the validation hold-out"
            + " (limits.validationFraction); set it to at most "
            + sizes.train());
  }
}
