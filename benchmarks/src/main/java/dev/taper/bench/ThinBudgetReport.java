package dev.taper.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.taper.spec.StageConfigs;
import dev.taper.training.ThinBudget;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many thin-network training examples each arm gets ({@link ThinBudget}): steps times batch
 * size, as the engine counts them. Written into the study JSON under {@code thin_budget}.
 */
@JsonPropertyOrder({"text"})
record ThinBudgetReport(
    @JsonProperty("train_examples") int trainExamples,
    @JsonProperty("imitation_phases") int imitationPhases,
    @JsonProperty("imitation_batch_size") int imitationBatchSize,
    @JsonProperty("imitation_steps_per_phase") int stepsPerLayer,
    @JsonProperty("imitation_examples") long imitationExamples,
    @JsonProperty("finetune_epochs") double finetuneEpochs,
    @JsonProperty("finetune_examples") long finetuneExamples,
    @JsonProperty("baseline_epochs") double baselineEpochs,
    @JsonProperty("baseline_examples") long baselineExamples,
    @JsonProperty("wide_examples_not_in_budget") long wideExamples) {

  static ThinBudgetReport of(StageConfigs configs, Architecture thin, int trainSize) {
    TrainConfig baseline = configs.baseline(thin);
    return new ThinBudgetReport(
        trainSize,
        ThinBudget.imitationPhases(thin),
        configs.imitation().batchSize(),
        configs.imitation().stepsPerLayer(),
        ThinBudget.imitationExamples(thin, configs.imitation()),
        configs.finetune().epochs(),
        examples(configs.finetune(), trainSize),
        baseline.epochs(),
        examples(baseline, trainSize),
        examples(configs.wide(), trainSize));
  }

  private static long examples(TrainConfig config, int trainSize) {
    return config.totalSteps(trainSize) * config.batchSize();
  }

  @JsonProperty("text")
  String text() {
    return String.format(
        Locale.ROOT,
        "The thin budget counts training examples passed through the thin network (optimiser"
            + " steps x batch size). Imitation spends stepsPerLayer x phases x batch = %d x %d x %d"
            + " = %,d examples (one phase per imitation layer, then the head phase); fine-tuning"
            + " %s epochs of %,d training examples = %,d. SCRATCH, KD and DEEPER each get their"
            + " sum: %s epochs = %,d examples (DEEPER's pass through a network twice as deep). The"
            + " WIDE teacher's %,d examples are not part of the thin budget: the teacher is paid"
            + " once and reusable.",
        stepsPerLayer,
        imitationPhases,
        imitationBatchSize,
        imitationExamples,
        trim(finetuneEpochs),
        trainExamples,
        finetuneExamples,
        String.format(Locale.ROOT, "%.3f", baselineEpochs),
        baselineExamples,
        wideExamples);
  }

  @JsonProperty("thin_examples_per_arm")
  Map<String, Long> thinExamplesPerArm() {
    Map<String, Long> perArm = new LinkedHashMap<>();
    perArm.put("WARMED", imitationExamples);
    perArm.put("THIN", imitationExamples + finetuneExamples);
    perArm.put("SCRATCH", baselineExamples);
    perArm.put("KD", baselineExamples);
    perArm.put("DEEPER", baselineExamples);
    return perArm;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
