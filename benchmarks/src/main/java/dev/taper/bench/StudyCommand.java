package dev.taper.bench;

import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Runs one experiment spec (the JSON the service accepts) with all three baselines over several
 * seeds, without a server, and writes {@code <out>.json}, {@code <out>.md} and {@code <out>.svg}
 * after every seed.
 *
 * <p>Per seed {@code s = spec.seed + i} ({@link SeedRunner}): the data are prepared with seed s,
 * then WIDE, IMITATE (arm WARMED), FINETUNE (arm THIN), SCRATCH, KD and DEEPER run in that order,
 * all on the CPU; SCRATCH, KD and DEEPER always run, and the spec the result records lists them
 * all, whatever the file's {@code baselines} says (the result's selection text says so). An arm
 * that fails is recorded as failed and the study goes on; it exits non-zero only when nothing at
 * all could be measured.
 *
 * <p>A study that is killed resumes when it is started again with the same arguments: every run it
 * finished is in {@code <out>.journal/} ({@link StudyJournal}) and is read back instead of trained;
 * {@code --fresh} starts over instead.
 *
 * <p>With {@code --keep-journal} the journal stays when the study finishes, and another study can
 * take its runs with {@code --reuse}: every run whose {@link RunRecipe} a reused journal holds is
 * taken instead of trained, so a study that varies imitation trains only imitation and fine-tuning
 * ({@link ReusableRuns}).
 */
public final class StudyCommand {

  private StudyCommand() {}

  public static void main(String[] args) {
    StudyOptions options = CommandLine.parseOrExit(args, StudyOptions::parse, StudyOptions.USAGE);
    boolean measured;
    try {
      measured = run(options);
    } catch (StudyException e) {
      System.err.println();
      System.err.println("study failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.exit(measured ? 0 : 1);
  }

  /** Reads a spec file without the benchmark-only section (see {@link StudySpecFile}). */
  static ExperimentSpec readSpec(Path path) {
    return StudySpecFile.read(path).spec();
  }

  /** Returns whether anything was measured. */
  static boolean run(StudyOptions options) {
    long started = System.nanoTime();
    StudySpecFile file = StudySpecFile.read(options.spec());
    ExperimentSpec given = given(file, options);
    ExperimentSpec spec = resolve(given);
    StudyTuning tuning = tuning(file, options);
    List<Double> grid = tuning.lrGrid();
    check(spec, grid);
    Path dataDir =
        FashionMnist.locate()
            .orElseThrow(
                () ->
                    new StudyException(
                        "Fashion-MNIST not found: install the Debian package"
                            + " dataset-fashion-mnist, or point -D"
                            + FashionMnist.DATA_DIR_PROPERTY
                            + " or $"
                            + FashionMnist.DATA_DIR_ENV
                            + " at a folder holding the four IDX files"));

    ConsoleProgress console = new ConsoleProgress(System.err);
    Machine machine = Machine.describe();
    console.println(
        "study "
            + spec.name()
            + " from "
            + options.spec()
            + ": "
            + options.seeds()
            + " seeds"
            + (grid.isEmpty() ? "" : ", learning-rate grid " + grid)
            + ", writing "
            + options.out()
            + ".{json,md,svg}"
            + (options.models() == null
                ? ""
                : " and the first seed's networks to " + options.models()));
    console.println("machine: " + machine.summary());
    StudySelection.baselinesReplaced(given).ifPresent(console::println);
    RawDataset raw = FashionMnist.load(dataDir);

    StudyRecorder recorder =
        new StudyRecorder(
            spec,
            options.seeds(),
            machine,
            OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            StudySelection.of(given, spec, tuning));
    // the journal first: a study it refuses must not have emptied the models folder
    try (StudyJournal journal =
        StudyJournal.open(options.out(), spec, tuning, machine, options.fresh())) {
      ReusableRuns reusable = reusable(options, machine, console);
      StudyModels models =
          options.models() == null ? StudyModels.none() : StudyModels.at(options.models());
      models.begin(options.spec(), spec.name(), spec.seed());
      double journaledSeconds = journal.recordedWallSeconds();
      if (journaledSeconds > 0) {
        console.println(
            "resuming an interrupted run: the runs it finished ("
                + ConsoleProgress.duration(journaledSeconds)
                + " of training) are read back from "
                + journal.directory().orElseThrow()
                + " (--fresh starts over)");
        unknownCode(machine).ifPresent(console::println);
      }
      SeedRunner seeds = new SeedRunner(spec, tuning, console, models, journal, reusable);
      for (int i = 0; i < options.seeds(); i++) {
        seeds.run(raw, i, options.seeds(), spec.seed() + i, recorder);
        recorder.setTotalWallSeconds(journaledSeconds + (System.nanoTime() - started) / 1e9);
        if (journal.replayed() > 0) {
          recorder.setResumed(journal.replayed(), journaledSeconds);
        }
        if (journal.reused() > 0) {
          recorder.setReused(journal.reused(), journal.reusedFrom(), reusable.vouched());
        }
        write(recorder.result(), options.out(), console);
      }
      journal.finish(options.keepJournal());
      if (options.keepJournal()) {
        console.println(
            "kept the journal at "
                + journal.directory().orElseThrow()
                + ": another study takes its runs with --reuse "
                + options.out());
      }
    }
    StudyResult result = recorder.result();
    console.println("");
    console.println(StudyMarkdown.table(result));
    console.println(StudyMarkdown.targetLine(result));
    result.warnings().forEach(w -> console.println("WARNING: " + w));
    console.println(
        "total wall time "
            + ConsoleProgress.duration(result.totalWallSeconds())
            + "; wrote "
            + options.out()
            + ".json, .md and .svg");
    if (!recorder.measuredAnything()) {
      console.println("nothing could be measured: every arm of every seed failed");
    }
    return recorder.measuredAnything();
  }

  /** The runs {@code --reuse} offers, or none when it names no journal. */
  private static ReusableRuns reusable(
      StudyOptions options, Machine machine, ConsoleProgress console) {
    if (options.reuse().isEmpty()) {
      return ReusableRuns.none();
    }
    ReusableRuns reusable =
        ReusableRuns.open(options.reuse(), machine, options.reuseAcrossRevisions());
    console.println(
        "reusing: "
            + reusable.size()
            + " finished runs in "
            + options.reuse()
            + " can be taken instead of trained where their recipes match");
    return reusable;
  }

  /** A warning when the build's commit does not pin its code, so a journal cannot check it. */
  private static Optional<String> unknownCode(Machine machine) {
    if (machine.pinsItsCode()) {
      return Optional.empty();
    }
    String revision = machine.sourceRevision();
    return Optional.of(
        "warning: this build is "
            + (revision == null ? "of an unknown commit" : revision)
            + ", so the journal cannot tell whether the code changed since it was written;"
            + " use --fresh if it did");
  }

  /** The file's spec, with the first seed the options ask for. */
  static ExperimentSpec given(StudySpecFile file, StudyOptions options) {
    return options.firstSeed() == null ? file.spec() : file.spec().withSeed(options.firstSeed());
  }

  /** What the study runs: every default filled, and all three baselines. */
  static ExperimentSpec resolve(ExperimentSpec given) {
    return SpecDefaults.resolve(given).withBaselines(StudySelection.BASELINES);
  }

  /** The file's tuning, with the grid the options give in its place. */
  static StudyTuning tuning(StudySpecFile file, StudyOptions options) {
    return options.lrGrid().isEmpty() ? file.tuning() : file.tuning().withGrid(options.lrGrid());
  }

  private static void check(ExperimentSpec spec, List<Double> grid) {
    if (!FashionMnist.NAME.equals(spec.dataset())) {
      throw new StudyException(
          "the study command knows only the dataset "
              + FashionMnist.NAME
              + ", not "
              + spec.dataset());
    }
    if (spec.device() == ComputeDevice.GPU) {
      throw new StudyException(
          "the study command runs on the CPU; the spec asks for device "
              + spec.device().wireName());
    }
    if (!grid.isEmpty() && !(spec.limits().validationFraction() > 0)) {
      throw new StudyException(
          "a learning-rate grid is picked on validation accuracy: it needs"
              + " limits.validationFraction > 0");
    }
  }

  private static void write(StudyResult result, Path out, ConsoleProgress console) {
    try {
      write(result, out);
    } catch (IOException e) {
      console.println("warning: could not write results to " + out + ": " + e.getMessage());
    }
  }

  /**
   * Writes {@code <out>.json}, {@code <out>.svg} and {@code <out>.md}, the page showing the svg.
   */
  static void write(StudyResult result, Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String name = out.getFileName().toString();
    Files.writeString(parent.resolve(name + ".json"), StudyJson.render(result));
    Files.writeString(parent.resolve(name + ".svg"), StudySvg.render(result));
    Files.writeString(parent.resolve(name + ".md"), StudyMarkdown.render(result, name + ".svg"));
  }
}
