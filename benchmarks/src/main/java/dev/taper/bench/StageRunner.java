package dev.taper.bench;

import dev.taper.training.ModelMetrics;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one seed's stages with live progress and a summary line each, timing every {@code Stage.run}
 * as a whole. A stage that throws becomes a failed {@link StageRun}, so that one broken arm (a
 * merge check, a NaN loss) does not cost the study its other arms. Every finished run goes to the
 * {@link StudyJournal}, and a run the journal already holds is read back instead of trained; so is
 * one that another study's journal holds for the same {@link RunRecipe} ({@link ReusableRuns}),
 * which is copied into this study's journal first.
 */
final class StageRunner {

  private final ConsoleProgress console;
  private final StageContext context;
  private final int seedIndex;
  private final int seeds;
  private final long seed;
  private final StudyJournal journal;
  private final ReusableRuns reusable;

  StageRunner(
      ConsoleProgress console,
      StageContext context,
      int seedIndex,
      int seeds,
      long seed,
      StudyJournal journal,
      ReusableRuns reusable) {
    this.console = console;
    this.context = context;
    this.seedIndex = seedIndex;
    this.seeds = seeds;
    this.seed = seed;
    this.journal = journal;
    this.reusable = reusable;
  }

  /**
   * @param recipe what decides the run's figures: the run is trained only when no journal holds one
   *     with the same recipe
   * @param stage builds the stage; building it may fail too (a bad config, a copy that fails)
   */
  StageRun run(String name, RunRecipe recipe, Supplier<Stage> stage) {
    Optional<StageRun> recorded = replay(name, recipe).or(() -> reuse(name, recipe));
    if (recorded.isPresent()) {
      return recorded.get();
    }
    StageRun run = train(name, stage);
    try {
      journal.record(seed, name, recipe, run);
    } catch (RuntimeException e) {
      // the run itself is fine: losing its record costs only a retrain after a kill
      console.println(
          String.format(
              Locale.ROOT,
              "%s  %-8s warning: not journaled (%s); a resumed study would train it again",
              prefix(),
              name,
              describe(e)));
    }
    return run;
  }

  private Optional<StageRun> replay(String name, RunRecipe recipe) {
    Optional<StageRun> recorded;
    try {
      recorded = journal.replay(seed, name, recipe);
    } catch (RuntimeException e) {
      console.println(
          String.format(
              Locale.ROOT,
              "%s  %-8s cannot be read back from the journal (%s): training it again",
              prefix(),
              name,
              describe(e)));
      return Optional.empty();
    }
    recorded.ifPresent(
        run ->
            console.println(
                run.ok()
                    ? doneLine(name, run.wallSeconds(), run.metrics()) + " (from the journal)"
                    : String.format(
                        Locale.ROOT,
                        "%s  %-8s FAILED (from the journal): %s",
                        prefix(),
                        name,
                        run.error())));
    return recorded;
  }

  /** The run another study's journal holds for this recipe, taken into this study's journal. */
  private Optional<StageRun> reuse(String name, RunRecipe recipe) {
    Optional<ReusableRuns.Found> found = reusable.find(recipe);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StageRun run;
    try {
      run = journal.adopt(seed, name, recipe, found.get());
    } catch (RuntimeException e) {
      console.println(
          String.format(
              Locale.ROOT,
              "%s  %-8s cannot be taken from %s (%s): training it",
              prefix(),
              name,
              found.get().source(),
              describe(e)));
      return Optional.empty();
    }
    console.println(
        doneLine(name, run.wallSeconds(), run.metrics()) + " (from " + found.get().source() + ")");
    return Optional.of(run);
  }

  private StageRun train(String name, Supplier<Stage> stage) {
    console.begin(seedIndex, seeds, seed, name);
    long t0 = System.nanoTime();
    StageOutcome outcome;
    ValidationCurve curve = new ValidationCurve(context.progress());
    try {
      outcome = stage.get().run(context.withProgress(curve));
    } catch (RuntimeException e) {
      String error = describe(e);
      console.println(String.format(Locale.ROOT, "%s  %-8s FAILED: %s", prefix(), name, error));
      return StageRun.failed(error);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    console.println(doneLine(name, seconds, outcome.metrics()));
    return new StageRun(outcome, seconds, curve.percents(), null, false);
  }

  static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private String prefix() {
    return String.format(Locale.ROOT, "seed %d/%d (%d)", seedIndex + 1, seeds, seed);
  }

  private String doneLine(String name, double seconds, ModelMetrics m) {
    return String.format(
            Locale.ROOT,
            "%s  %-8s done in %s: test accuracy %.2f%%, validation %.2f%%, loss %.4f,"
                + " %,d params, %,d FLOPs/example, %s samples/s",
            prefix(),
            name,
            ConsoleProgress.duration(seconds),
            100 * m.testAccuracy(),
            100 * m.validationAccuracy(),
            m.testLoss(),
            m.parameterCount(),
            m.flopsPerExample(),
            ConsoleProgress.rate(m.samplesPerSecond()))
        + (Double.isNaN(m.mergeMaxAbsError())
            ? ""
            : String.format(Locale.ROOT, ", merge error %.2e", m.mergeMaxAbsError()))
        + (Double.isNaN(m.headTemperature())
            ? ""
            : String.format(Locale.ROOT, ", read-out temperature %.3f", m.headTemperature()));
  }
}
