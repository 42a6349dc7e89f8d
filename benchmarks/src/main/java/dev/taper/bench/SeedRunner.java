package dev.taper.bench;

import ai.djl.Device;
import dev.taper.bench.StudyResult.GridPoint;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.StageConfigs;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ModelMetrics;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * One seed of a study: WIDE, IMITATE (arm WARMED), FINETUNE (arm THIN), SCRATCH, KD and DEEPER, in
 * that order, on data prepared with the seed. Every arm but WIDE and WARMED trains once per
 * learning rate of the grid (the spec's own rate when there is no grid) and keeps the run with the
 * best validation accuracy; WIDE and WARMED train once at the spec's rate, or, when the study tunes
 * them, at every rate of the grid: the WIDE run kept teaches every arm that needs it, the WARMED
 * run kept is the one fine-tuned. An arm that fails is recorded as failed, and so are the arms that
 * needed its model. The first seed's networks go to {@link StudyModels}; every finished run goes to
 * the {@link StudyJournal}, which hands it back instead of training it again when a killed study
 * resumes; a run whose {@link RunRecipe} another study's journal holds is taken from there ({@link
 * ReusableRuns}).
 */
final class SeedRunner {

  private final ExperimentSpec spec;
  private final StudyTuning tuning;
  private final ConsoleProgress console;
  private final StudyModels models;
  private final StudyJournal journal;
  private final ReusableRuns reusable;

  SeedRunner(
      ExperimentSpec spec,
      StudyTuning tuning,
      ConsoleProgress console,
      StudyModels models,
      StudyJournal journal,
      ReusableRuns reusable) {
    this.spec = spec;
    this.tuning = tuning;
    this.console = console;
    this.models = models;
    this.journal = journal;
    this.reusable = reusable;
  }

  /** A runner that takes no runs from other studies. */
  SeedRunner(
      ExperimentSpec spec,
      StudyTuning tuning,
      ConsoleProgress console,
      StudyModels models,
      StudyJournal journal) {
    this(spec, tuning, console, models, journal, ReusableRuns.none());
  }

  void run(RawDataset raw, int seedIndex, int seeds, long seed, StudyRecorder recorder) {
    DatasetSplits data =
        DatasetPreparer.prepare(
            raw,
            seed,
            spec.limits().validationFraction(),
            spec.limits().trainExamples(),
            spec.limits().testExamples());
    int trainSize = data.train().size();
    StageConfigs configs = StageConfigs.from(spec, trainSize);
    Architecture thin = configs.thin(data.train().exampleShape(), data.classes());
    recorder.setBudget(ThinBudgetReport.of(configs, thin, trainSize));
    StageContext context =
        StageContext.of(data, seed, Device.cpu()).withProgress(console.listener());
    StudyRecorder.SeedRecord record = recorder.startSeed(seed);
    StudyModels kept = seedIndex == 0 ? models : StudyModels.none();
    StageRunner runner =
        new StageRunner(console, context, seedIndex, seeds, seed, journal, reusable);
    RunRecipes recipes = new RunRecipes(spec, seed, thin);
    new Arms(configs, thin, runner, recipes, record, kept).run();
    recorder.finishSeed();
  }

  /** The arms of one seed, sharing its configs, runner and record. */
  private final class Arms {
    private final StageConfigs configs;
    private final Architecture thin;
    private final StageRunner runner;
    private final RunRecipes recipes;
    private final StudyRecorder.SeedRecord record;
    private final TrainConfig baseline;
    private final StudyModels kept;

    Arms(
        StageConfigs configs,
        Architecture thin,
        StageRunner runner,
        RunRecipes recipes,
        StudyRecorder.SeedRecord record,
        StudyModels kept) {
      this.configs = configs;
      this.thin = thin;
      this.runner = runner;
      this.recipes = recipes;
      this.record = record;
      this.baseline = configs.baseline(thin);
      this.kept = kept;
    }

    void run() {
      try (Sweep tuned = teacher()) {
        StageRun wide = tuned.best();
        RunRecipe wideRecipe =
            wide.ok()
                ? recipes.wide(configs.widenFactor(), at(configs.wide(), tuned.learningRate()))
                : null;
        double wideFlops = Double.NaN;
        if (wide.ok()) {
          kept.save("WIDE", wide.outcome().network());
          wideFlops = TrainingFlops.training(wide.metrics());
          record.measured(
              "WIDE",
              ArmSeeds.measured(
                  record.seed(),
                  wide.metrics(),
                  wide.wallSeconds(),
                  wide.replayed(),
                  wide.validationByEpoch(),
                  tuned.learningRate(),
                  tuned.recipe(),
                  wideFlops,
                  tuned.flops(),
                  tuned.points()));
        } else {
          record.failed("WIDE", wide.error(), tuned.points());
        }
        method(wide, wideRecipe, wideFlops);
        Tuned scratch =
            baselineArm(
                "SCRATCH",
                lr -> Stages.scratch(thin, at(baseline, lr)),
                lr -> recipes.scratch(at(baseline, lr)));
        record(scratch, "SCRATCH", TrainingFlops::training, 0);
        if (wide.ok()) {
          Network teacher = wide.outcome().network();
          Tuned kd =
              baselineArm(
                  "KD",
                  lr -> Stages.knowledgeDistillation(thin, at(baseline, lr), configs.kd(), teacher),
                  lr -> recipes.knowledgeDistillation(at(baseline, lr), configs.kd(), wideRecipe));
          record(kd, "KD", TrainingFlops.taughtBy(wide.metrics()), wideFlops);
        } else {
          record.failed("KD", "not run: it needs the WIDE teacher, which failed", List.of());
        }
        Tuned deeper =
            baselineArm(
                "DEEPER",
                lr -> Stages.deeper(thin, at(baseline, lr)),
                lr -> recipes.deeper(at(baseline, lr)));
        record(deeper, "DEEPER", TrainingFlops::training, 0);
      }
    }

    /** WIDE at the spec's rate, or at every rate of the grid when the study tunes it. */
    private Sweep teacher() {
      TrainConfig config = configs.wide();
      return sweep(
          "WIDE",
          tuning.rates(tuning.wide(), config.optimizer().learningRate()),
          tuning.wide(),
          rate -> Stages.wide(thin, configs.widenFactor(), at(config, rate)),
          rate -> recipes.wide(configs.widenFactor(), at(config, rate)),
          TrainingFlops::training);
    }

    /** IMITATE then FINETUNE: arms WARMED and THIN. */
    private void method(StageRun wide, RunRecipe wideRecipe, double wideFlops) {
      if (!wide.ok()) {
        String why = "not run: it needs the WIDE teacher, which failed";
        record.failed("WARMED", why, List.of());
        record.failed("THIN", why, List.of());
        return;
      }
      Network teacher = wide.outcome().network();
      ModelMetrics teacherMetrics = wide.metrics();
      ImitationConfig imitation = configs.imitation();
      ToDoubleFunction<ModelMetrics> imitationCost = TrainingFlops.taughtBy(teacherMetrics);
      try (Sweep imitations =
          sweep(
              "IMITATE",
              tuning.rates(tuning.imitation(), imitation.optimizer().learningRate()),
              tuning.imitation(),
              rate -> Stages.imitate(thin, imitation.withLearningRate(rate), teacher),
              rate -> recipes.imitate(imitation.withLearningRate(rate), wideRecipe),
              imitationCost)) {
        StageRun warmed = imitations.best();
        if (!warmed.ok()) {
          record.failed("WARMED", warmed.error(), imitations.points());
          record.failed("THIN", "not run: it fine-tunes WARMED, which failed", List.of());
          return;
        }
        ModelMetrics w = warmed.metrics();
        double warmedFlops = wideFlops + imitationCost.applyAsDouble(w);
        double warmedFlopsWithGrid = wideFlops + imitations.flops();
        record.measured(
            "WARMED",
            ArmSeeds.measured(
                record.seed(),
                w,
                warmed.wallSeconds(),
                warmed.replayed(),
                warmed.validationByEpoch(),
                imitations.learningRate(),
                imitations.recipe(),
                warmedFlops,
                warmedFlopsWithGrid,
                imitations.points()));
        StudyResult.Imitation losses = record.imitation(w, imitation);
        console.println("imitation losses: " + StudyMarkdown.phaseLosses(losses.phases()));
        boolean distilled = configs.finetuneDistillation().enabled();
        RunRecipe warmedRecipe =
            recipes.imitate(imitation.withLearningRate(imitations.learningRate()), wideRecipe);
        Tuned thinRuns =
            tune(
                "FINETUNE",
                "THIN",
                lr ->
                    Stages.finetune(
                        NetworkCopy.of(warmed.outcome().network()),
                        at(configs.finetune(), lr),
                        configs.finetuneDistillation(),
                        distilled ? teacher : null),
                lr ->
                    recipes.finetune(
                        at(configs.finetune(), lr),
                        configs.finetuneDistillation(),
                        warmedRecipe,
                        distilled ? wideRecipe : null),
                configs.finetune());
        if (thinRuns.best() == null) {
          record.failed("THIN", thinRuns.error(), thinRuns.points());
          return;
        }
        ModelMetrics f = thinRuns.best();
        ToDoubleFunction<ModelMetrics> finetuneCost =
            distilled ? TrainingFlops.taughtBy(teacherMetrics) : TrainingFlops::training;
        double finetuneFlops = finetuneCost.applyAsDouble(f);
        record.measured(
            "THIN",
            ArmSeeds.thin(
                record.seed(),
                f,
                thinRuns.bestWallSeconds(),
                thinRuns.bestValidationByEpoch(),
                w,
                warmed.wallSeconds(),
                warmed.replayed() || thinRuns.bestReplayed(),
                thinRuns.bestLearningRate(),
                thinRuns.bestRecipe(),
                warmedFlops + finetuneFlops,
                warmedFlopsWithGrid + thinRuns.runs() * finetuneFlops,
                thinRuns.points()));
      }
    }

    /**
     * @param shared FLOPs the arm needed once whatever the grid (the teacher's training)
     */
    private void record(
        Tuned tuned, String arm, ToDoubleFunction<ModelMetrics> cost, double shared) {
      if (tuned.best() == null) {
        record.failed(arm, tuned.error(), tuned.points());
        return;
      }
      double each = cost.applyAsDouble(tuned.best());
      record.measured(
          arm,
          ArmSeeds.measured(
              record.seed(),
              tuned.best(),
              tuned.bestWallSeconds(),
              tuned.bestReplayed(),
              tuned.bestValidationByEpoch(),
              tuned.bestLearningRate(),
              tuned.bestRecipe(),
              shared + each,
              shared + tuned.runs() * each,
              tuned.points()));
    }

    /** A baseline arm: its stage has the arm's name and trains on the baselines' budget. */
    private Tuned baselineArm(
        String arm, DoubleFunction<Stage> at, DoubleFunction<RunRecipe> recipeAt) {
      return tune(arm, arm, at, recipeAt, baseline);
    }

    /**
     * Trains one arm at every learning rate of the grid (or at {@code config}'s own) and keeps the
     * metrics (and, for a kept arm, the network) of the run with the best validation accuracy; the
     * first wins a tie.
     */
    private Tuned tune(
        String stage,
        String arm,
        DoubleFunction<Stage> at,
        DoubleFunction<RunRecipe> recipeAt,
        TrainConfig config) {
      boolean swept = tuning.swept();
      List<Double> rates = tuning.rates(swept, config.optimizer().learningRate());
      try (Sweep sweep = sweep(stage, rates, swept, at, recipeAt, TrainingFlops::training)) {
        StageRun best = sweep.best();
        if (best.ok()) {
          kept.save(arm, best.outcome().network());
        }
        return new Tuned(
            best.ok() ? best.metrics() : null,
            sweep.learningRate(),
            sweep.recipe(),
            best.wallSeconds(),
            best.replayed(),
            best.validationByEpoch(),
            sweep.trained(),
            sweep.points(),
            sweep.firstError());
      }
    }

    /**
     * Runs {@code stage} at every rate and keeps the run with the best validation accuracy (the
     * first of a tie) open for the caller; every other run is closed as soon as it loses.
     *
     * @param swept whether the rates are a grid: names each run by its rate and reports the points
     * @param cost the FLOPs of one run, summed over every run that trained; a failed run (or, in a
     *     grid, one whose validation accuracy is not finite, which could never be compared) counts
     *     as failed and costs nothing
     */
    private Sweep sweep(
        String stage,
        List<Double> rates,
        boolean swept,
        DoubleFunction<Stage> at,
        DoubleFunction<RunRecipe> recipeAt,
        ToDoubleFunction<ModelMetrics> cost) {
      List<GridPoint> points = new ArrayList<>();
      StageRun best = null;
      double bestRate = Double.NaN;
      RunRecipe bestRecipe = null;
      double flops = 0;
      int trained = 0;
      String firstError = null;
      try {
        for (double rate : rates) {
          String name = swept ? stage + " lr " + StudySelection.rate(rate) : stage;
          RunRecipe recipe = recipeAt.apply(rate);
          StageRun run = runner.run(name, recipe, () -> at.apply(rate));
          String error = !run.ok() ? run.error() : swept ? incomparable(run.metrics()) : null;
          if (error != null) {
            run.close();
            firstError = firstError == null ? error : firstError;
            points.add(new GridPoint(rate, null, true, error));
            continue;
          }
          ModelMetrics m = run.metrics();
          trained++;
          flops += cost.applyAsDouble(m);
          points.add(new GridPoint(rate, 100 * m.validationAccuracy(), false, null));
          if (best == null || m.validationAccuracy() > best.metrics().validationAccuracy()) {
            if (best != null) {
              best.close();
            }
            best = run;
            bestRate = rate;
            bestRecipe = recipe;
          } else {
            run.close();
          }
        }
      } catch (RuntimeException e) {
        if (best != null) {
          best.close();
        }
        throw e;
      }
      return new Sweep(
          best == null ? StageRun.failed(firstError) : best,
          bestRate,
          bestRecipe == null ? null : bestRecipe.digest(),
          flops,
          trained,
          swept ? points : List.of(),
          firstError);
    }
  }

  /**
   * Why a grid's run that trained cannot be compared with the others, or null when it can. A run
   * alone needs no comparison: without a validation split its accuracy is NaN, and that is fine.
   */
  private static String incomparable(ModelMetrics metrics) {
    double accuracy = metrics.validationAccuracy();
    return Double.isFinite(accuracy)
        ? null
        : "validation accuracy is " + accuracy + ": the validation split is empty or unreadable";
  }

  /**
   * The run a sweep picked, still open (a failed run when every run failed), the rate it trained at
   * and its recipe's digest (null when every run failed), the FLOPs of the runs that trained and
   * how many did, the points (empty when the rates were not a grid) and the first failure.
   */
  private record Sweep(
      StageRun best,
      double learningRate,
      String recipe,
      double flops,
      int trained,
      List<GridPoint> points,
      String firstError)
      implements AutoCloseable {
    @Override
    public void close() {
      best.close();
    }
  }

  /**
   * The run a grid picked (null when every run failed), how many runs trained, every grid point and
   * the first failure.
   */
  private record Tuned(
      ModelMetrics best,
      double bestLearningRate,
      String bestRecipe,
      double bestWallSeconds,
      boolean bestReplayed,
      List<Double> bestValidationByEpoch,
      int runs,
      List<GridPoint> points,
      String error) {}

  private static TrainConfig at(TrainConfig config, double learningRate) {
    return config.withLearningRate(learningRate);
  }
}
