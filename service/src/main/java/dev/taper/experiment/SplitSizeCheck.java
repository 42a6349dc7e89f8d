package dev.taper.experiment;

import dev.taper.dataset.DatasetPreparer.SplitSizes;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.ExperimentSpec.EarlyStoppingSpec;
import dev.taper.spec.StageConfigs;
import dev.taper.training.family.FieldChecks;

/**
 * Names what a resolved spec asks of its dataset's splits that they cannot give, each of which
 * would fail a stage on the worker long after the submission was accepted: a stage draws whole
 * batches from the training split that is left after {@code limits} and the validation hold-out, so
 * its batch may not be larger than that split (small uploaded datasets meet the defaults' batch
 * sizes first), and early stopping selects on the validation hold-out, so it needs one.
 */
final class SplitSizeCheck {

  private SplitSizeCheck() {}

  static void check(ExperimentSpec s, RegisteredDataset dataset, FieldChecks c) {
    if (c.has("limits")) {
      return;
    }
    SplitSizes sizes =
        SplitSizes.of(
            dataset.trainExamples(), s.limits().validationFraction(), s.limits().trainExamples());
    // a named teacher means WIDE does not train here, so its settings are never used
    if (s.teacher().modelId() == null) {
      checkOne("wide", s.wide().batchSize(), sizes, dataset, c);
      checkValidation("wide", s.wide().earlyStopping(), sizes, c);
    }
    checkOne("imitate", s.imitate().batchSize(), sizes, dataset, c);
    checkOne("finetune", s.finetune().batchSize(), sizes, dataset, c);
    checkValidation("finetune", s.finetune().earlyStopping(), sizes, c);
  }

  private static void checkValidation(
      String stage, EarlyStoppingSpec earlyStopping, SplitSizes sizes, FieldChecks c) {
    String field = stage + ".earlyStopping";
    // a rejected early stopping (a negative patience, say) is named already and cannot be built
    if (sizes.validation() > 0
        || c.hasExactly(stage)
        || c.has(field)
        || !StageConfigs.earlyStopping(earlyStopping).enabled()) {
      return;
    }
    c.add(
        field,
        "selects on validation accuracy, but limits.validationFraction leaves no validation"
            + " examples of the "
            + sizes.total()
            + " training examples; raise limits.validationFraction or set patience to 0");
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
