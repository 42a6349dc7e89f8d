package dev.taper.spec;

import dev.taper.spec.ExperimentSpec.DistillationSpec;
import dev.taper.spec.ExperimentSpec.EarlyStoppingSpec;
import dev.taper.spec.ExperimentSpec.JumpRecoverySpec;
import dev.taper.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.spec.ExperimentSpec.TrainingSpec;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.TeacherStart;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the values of a resolved spec: ranges, and combinations that cannot work. The model's
 * fields are its family's to check. Types, unknown fields and vocabularies were checked before
 * binding ({@link SpecShape}); a field reported there is not reported again.
 */
final class SpecValues {

  static final int MAX_WIDEN_FACTOR = 64;
  static final int MAX_EPOCHS = 10_000;
  static final int MAX_BATCH_SIZE = 65_536;
  static final int MAX_STEPS_PER_LAYER = 1_000_000;
  static final double MAX_LEARNING_RATE = 10;
  static final int MAX_WARMUP_STEPS = 10_000_000;
  static final int MAX_NAME_LENGTH = 200;
  static final double MAX_LOSS_WEIGHT = 1000;
  static final double MAX_JUMP_FACTOR = 10;
  static final int MAX_ROLLBACKS = 100;

  private SpecValues() {}

  static void check(ExperimentSpec s, FieldChecks c) {
    c.require(
        "name",
        !s.name().isBlank() && s.name().codePointCount(0, s.name().length()) <= MAX_NAME_LENGTH,
        "must be 1 to " + MAX_NAME_LENGTH + " characters");
    c.require("dataset", !s.dataset().isBlank(), "must not be blank");
    c.range("widenFactor", s.widenFactor(), 1, MAX_WIDEN_FACTOR);
    // a model SpecShape could not read at all (not an object, an unknown family) was replaced
    // by the default; its fields are checked otherwise
    if (!c.hasExactly("model") && !c.has("model.family")) {
      ModelFamilies.check(s.model(), c.has("widenFactor") ? 1 : s.widenFactor(), c.at("model"));
    }
    c.require("seed", s.seed() >= 0, "must be >= 0");
    training("wide", s.wide(), c);
    var imitate = s.imitate();
    c.range("imitate.stepsPerLayer", imitate.stepsPerLayer(), 1, MAX_STEPS_PER_LAYER);
    c.between("imitate.lowerLayerLrScale", imitate.lowerLayerLrScale(), 0, 1);
    c.range("imitate.batchSize", imitate.batchSize(), 1, MAX_BATCH_SIZE);
    optimizer("imitate.optimizer", imitate.optimizer(), c);
    c.positive("imitate.headTemperature", imitate.headTemperature());
    c.between("imitate.attentionWeight", imitate.attentionWeight(), 0, MAX_LOSS_WEIGHT);
    c.between("imitate.statisticsWeight", imitate.statisticsWeight(), 0, MAX_LOSS_WEIGHT);
    c.between("imitate.varianceWeight", imitate.varianceWeight(), 0, MAX_LOSS_WEIGHT);
    c.between("imitate.decorrelationWeight", imitate.decorrelationWeight(), 0, MAX_LOSS_WEIGHT);
    c.between("imitate.logitsWeight", imitate.logitsWeight(), 0, MAX_LOSS_WEIGHT);
    if (imitate.logitsWeight() > 0) {
      c.require(
          "imitate.logitsWeight",
          imitate.schedule() == ImitationSchedule.JOINT,
          "needs imitate.schedule joint: the progressive schedule has no phase that trains every"
              + " layer, and its head phase already matches the logits");
    }
    jumpRecovery("imitate.jumpRecovery", imitate.jumpRecovery(), c);
    if (imitate.layerInit() == LayerInit.TEACHER_UNITS && !c.has("model.family")) {
      c.require(
          "imitate.layerInit",
          ModelFamilies.get(s.model().family()).teacherStart() != TeacherStart.NONE,
          "teacher_units needs a family whose thin layers can start from the teacher's (mlp:"
              + " affine layers and ReLUs; resnet: bottleneck blocks); "
              + s.model().family()
              + "'s cannot");
    }
    c.require(
        "imitate.pooledTokenWeight",
        imitate.pooledTokenWeight() > 0 && imitate.pooledTokenWeight() <= MAX_LOSS_WEIGHT,
        "must be in (0, " + (int) MAX_LOSS_WEIGHT + "]");
    var finetune = s.finetune();
    c.range("finetune.epochs", finetune.epochs(), 1, MAX_EPOCHS);
    c.range("finetune.batchSize", finetune.batchSize(), 1, MAX_BATCH_SIZE);
    optimizer("finetune.optimizer", finetune.optimizer(), c);
    distillation("finetune.distillation", finetune.distillation(), c);
    c.require(
        "finetune.headEpochs",
        finetune.headEpochs() >= 0 && finetune.headEpochs() < finetune.epochs(),
        "must be >= 0 and below finetune.epochs (" + finetune.epochs() + ")");
    earlyStopping("finetune.earlyStopping", finetune.earlyStopping(), c);
    distillation("kd", s.kd(), c);
    distinct("baselines", s.baselines(), c);
    distinct("export.formats", s.export().formats(), c);
    distinct("export.precisions", s.export().precisions(), c);
    var limits = s.limits();
    if (limits.trainExamples() != null) {
      c.range("limits.trainExamples", limits.trainExamples(), 1, Integer.MAX_VALUE);
    }
    if (limits.testExamples() != null) {
      c.range("limits.testExamples", limits.testExamples(), 1, Integer.MAX_VALUE);
    }
    c.require(
        "limits.validationFraction",
        limits.validationFraction() >= 0 && limits.validationFraction() < 0.5,
        "must be in [0, 0.5)");
    var teacher = s.teacher();
    if (teacher.modelId() != null && Boolean.TRUE.equals(teacher.reuse())) {
      c.add("teacher", "give either modelId or reuse, not both");
    }
  }

  private static void distinct(String path, List<?> values, FieldChecks c) {
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        c.require(path + "[" + i + "]", seen.add(values.get(i)), "is listed twice");
      }
    }
  }

  private static void training(String path, TrainingSpec t, FieldChecks c) {
    c.range(path + ".epochs", t.epochs(), 1, MAX_EPOCHS);
    c.range(path + ".batchSize", t.batchSize(), 1, MAX_BATCH_SIZE);
    optimizer(path + ".optimizer", t.optimizer(), c);
    earlyStopping(path + ".earlyStopping", t.earlyStopping(), c);
  }

  private static void earlyStopping(String path, EarlyStoppingSpec e, FieldChecks c) {
    if (e != null) {
      c.range(path + ".patience", e.patience(), 0, MAX_EPOCHS);
      c.between(path + ".minDelta", e.minDelta(), 0, 1);
    }
  }

  private static void jumpRecovery(String path, JumpRecoverySpec j, FieldChecks c) {
    c.require(
        path + ".jumpFactor",
        j.jumpFactor() > 1 && j.jumpFactor() <= MAX_JUMP_FACTOR,
        "must be in (1, " + (int) MAX_JUMP_FACTOR + "]");
    c.require(path + ".rateFactor", j.rateFactor() > 0 && j.rateFactor() <= 1, "must be in (0, 1]");
    c.range(path + ".maxRollbacks", j.maxRollbacks(), 0, MAX_ROLLBACKS);
  }

  private static void optimizer(String path, OptimizerSpec o, FieldChecks c) {
    c.require(
        path + ".learningRate",
        o.learningRate() > 0 && o.learningRate() <= MAX_LEARNING_RATE,
        "must be in (0, " + (int) MAX_LEARNING_RATE + "]");
    c.require(path + ".weightDecay", o.weightDecay() >= 0, "must be >= 0");
    c.range(path + ".warmupSteps", o.warmupSteps(), 0, MAX_WARMUP_STEPS);
  }

  private static void distillation(String path, DistillationSpec d, FieldChecks c) {
    c.between(path + ".alpha", d.alpha(), 0, 1);
    c.positive(path + ".temperature", d.temperature());
  }
}
