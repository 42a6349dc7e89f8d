package dev.taper.experiment.spec;

import dev.taper.experiment.spec.ExperimentSpec.DistillationSpec;
import dev.taper.experiment.spec.ExperimentSpec.FinetuneSpec;
import dev.taper.experiment.spec.ExperimentSpec.ImitateSpec;
import dev.taper.experiment.spec.ExperimentSpec.LimitsSpec;
import dev.taper.experiment.spec.ExperimentSpec.ModelSpec;
import dev.taper.experiment.spec.ExperimentSpec.OptimizerSpec;
import dev.taper.experiment.spec.ExperimentSpec.TeacherSpec;
import dev.taper.experiment.spec.ExperimentSpec.TrainingSpec;
import java.util.List;
import java.util.Objects;

/**
 * The defaults users get for whatever a spec leaves out. The imitation and fine-tuning defaults are
 * the settings the Fashion-MNIST MLP study (benchmarks/) found to give the largest and most robust
 * gain of THIN over SCRATCH and KD. The model and the widen factor depend on the family: {@link
 * FamilyDefaults}.
 */
public final class SpecDefaults {

  public static final String DATASET = "fashion-mnist";
  public static final long SEED = 0;
  public static final String DEVICE = "auto";
  public static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0.0, "cosine", 0);
  public static final TrainingSpec WIDE = new TrainingSpec(10, 128, ADAM);
  public static final ImitateSpec IMITATE =
      new ImitateSpec(300, "joint", "normalized_mse", 0.0, 128, ADAM, "kl", 4.0);
  public static final DistillationSpec NO_DISTILLATION = new DistillationSpec(0.0, 4.0);
  public static final FinetuneSpec FINETUNE = new FinetuneSpec(4, 128, ADAM, NO_DISTILLATION);
  public static final DistillationSpec KD_BASELINE = new DistillationSpec(0.5, 4.0);
  public static final List<String> BASELINES = List.of("scratch", "kd");
  public static final LimitsSpec LIMITS = new LimitsSpec(null, null, 0.1);
  public static final TeacherSpec NO_TEACHER = new TeacherSpec(null, false);

  private SpecDefaults() {}

  /**
   * The spec with every field filled; user values win, nested objects are merged field by field.
   */
  public static ExperimentSpec resolve(ExperimentSpec spec) {
    String dataset = or(spec.dataset(), DATASET);
    ModelSpec model = FamilyDefaults.resolve(spec.model());
    return new ExperimentSpec(
        or(spec.name(), dataset + "-" + model.family()),
        dataset,
        model,
        or(spec.widenFactor(), FamilyDefaults.widenFactor(model.family())),
        or(spec.seed(), SEED),
        or(spec.device(), DEVICE),
        training(spec.wide(), WIDE),
        imitate(spec.imitate()),
        finetune(spec.finetune()),
        distillation(spec.kd(), KD_BASELINE),
        spec.baselines() == null ? BASELINES : List.copyOf(spec.baselines()),
        limits(spec.limits()),
        spec.teacher() == null
            ? NO_TEACHER
            : new TeacherSpec(spec.teacher().modelId(), or(spec.teacher().reuse(), false)));
  }

  static OptimizerSpec optimizer(OptimizerSpec o, OptimizerSpec d) {
    if (o == null) {
      return d;
    }
    return new OptimizerSpec(
        or(o.name(), d.name()),
        or(o.learningRate(), d.learningRate()),
        or(o.weightDecay(), d.weightDecay()),
        or(o.schedule(), d.schedule()),
        or(o.warmupSteps(), d.warmupSteps()));
  }

  private static TrainingSpec training(TrainingSpec t, TrainingSpec d) {
    if (t == null) {
      return d;
    }
    return new TrainingSpec(
        or(t.epochs(), d.epochs()),
        or(t.batchSize(), d.batchSize()),
        optimizer(t.optimizer(), d.optimizer()));
  }

  private static ImitateSpec imitate(ImitateSpec i) {
    ImitateSpec d = IMITATE;
    if (i == null) {
      return d;
    }
    return new ImitateSpec(
        or(i.stepsPerLayer(), d.stepsPerLayer()),
        or(i.schedule(), d.schedule()),
        or(i.loss(), d.loss()),
        or(i.lowerLayerLrScale(), d.lowerLayerLrScale()),
        or(i.batchSize(), d.batchSize()),
        optimizer(i.optimizer(), d.optimizer()),
        or(i.headLoss(), d.headLoss()),
        or(i.headTemperature(), d.headTemperature()));
  }

  private static FinetuneSpec finetune(FinetuneSpec f) {
    FinetuneSpec d = FINETUNE;
    if (f == null) {
      return d;
    }
    return new FinetuneSpec(
        or(f.epochs(), d.epochs()),
        or(f.batchSize(), d.batchSize()),
        optimizer(f.optimizer(), d.optimizer()),
        distillation(f.distillation(), d.distillation()));
  }

  private static DistillationSpec distillation(DistillationSpec s, DistillationSpec d) {
    if (s == null) {
      return d;
    }
    return new DistillationSpec(or(s.alpha(), d.alpha()), or(s.temperature(), d.temperature()));
  }

  private static LimitsSpec limits(LimitsSpec l) {
    if (l == null) {
      return LIMITS;
    }
    return new LimitsSpec(
        l.trainExamples(),
        l.testExamples(),
        or(l.validationFraction(), LIMITS.validationFraction()));
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
