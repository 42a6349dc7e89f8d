package dev.taper.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The study command's arguments.
 *
 * @param lrGrid learning rates from {@code --lr-grid}, which replace the spec file's grid; empty
 *     when the flag is absent
 * @param out where the results go, without an extension
 * @param models where the first seed's networks go (see {@link StudyModels}), or null to keep none
 * @param firstSeed the first seed to run instead of the spec's, or null for the spec's; runs of the
 *     same spec from different first seeds merge into one study ({@link StudyMerge})
 * @param fresh discard the journal an interrupted run left at {@code out} instead of resuming from
 *     it ({@link StudyJournal})
 * @param keepJournal leave the journal in place when the study finishes, so that other studies can
 *     take its runs
 * @param reuse journals (or other studies' {@code --out}) to take runs with the same recipe from
 *     instead of training them ({@link ReusableRuns})
 * @param reuseAcrossRevisions take them even when they were written by another commit's build
 */
record StudyOptions(
    Path spec,
    int seeds,
    Path out,
    List<Double> lrGrid,
    Path models,
    Long firstSeed,
    boolean fresh,
    boolean keepJournal,
    List<Path> reuse,
    boolean reuseAcrossRevisions) {

  static final String USAGE =
      "usage: StudyCommand SPEC.json [--seeds N (default 3)] [--out PATH-WITHOUT-EXTENSION]"
          + " [--lr-grid 3e-4,1e-3,3e-3] [--first-seed S (default: the spec's seed)]"
          + " [--models DIR (default benchmarks/models/NAME) | --no-models]"
          + " [--fresh (start over instead of resuming an interrupted run)]"
          + " [--keep-journal (leave the journal for other studies to --reuse)]"
          + " [--reuse JOURNAL-OR-OUT ... (take runs with the same recipe from it)]"
          + " [--reuse-across-revisions (vouch that its commit computes what this one does)]";

  /** Where studies keep their networks by default; git ignores it. */
  static final Path MODELS_ROOT = Path.of("benchmarks", "models");

  StudyOptions {
    lrGrid = List.copyOf(lrGrid);
    reuse = List.copyOf(reuse);
  }

  /**
   * @throws IllegalArgumentException on a bad argument; an empty message asks for the usage only
   */
  static StudyOptions parse(String[] args) {
    Path spec = null;
    int seeds = 3;
    Path out = null;
    List<Double> grid = List.of();
    Path models = null;
    boolean keepModels = true;
    Long firstSeed = null;
    boolean fresh = false;
    boolean keepJournal = false;
    List<Path> reuse = new ArrayList<>();
    boolean acrossRevisions = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--seeds" -> seeds = Integer.parseInt(CommandLine.value(args, ++i, arg));
        case "--out" -> out = Path.of(CommandLine.value(args, ++i, arg));
        case "--lr-grid" -> grid = LearningRateGrid.parse(CommandLine.value(args, ++i, arg));
        case "--models" -> models = Path.of(CommandLine.value(args, ++i, arg));
        case "--no-models" -> keepModels = false;
        case "--first-seed" -> firstSeed = Long.parseLong(CommandLine.value(args, ++i, arg));
        case "--fresh" -> fresh = true;
        case "--keep-journal" -> keepJournal = true;
        case "--reuse" -> reuse.add(Path.of(CommandLine.value(args, ++i, arg)));
        case "--reuse-across-revisions" -> acrossRevisions = true;
        case "-h", "--help" -> throw new IllegalArgumentException("");
        default -> {
          if (arg.startsWith("--") || spec != null) {
            throw new IllegalArgumentException("unexpected argument " + arg);
          }
          spec = Path.of(arg);
        }
      }
    }
    if (spec == null) {
      throw new IllegalArgumentException("no spec file given");
    }
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1");
    }
    if (out == null) {
      String file = spec.getFileName().toString();
      out = Path.of("benchmarks", "results", file.replaceFirst("\\.json$", ""));
    } else if (out.getFileName().toString().endsWith(".json")) {
      out = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", ""));
    }
    if (!keepModels) {
      models = null;
    } else if (models == null) {
      models = MODELS_ROOT.resolve(out.getFileName().toString());
    }
    if (acrossRevisions && reuse.isEmpty()) {
      throw new IllegalArgumentException("--reuse-across-revisions needs --reuse");
    }
    return new StudyOptions(
        spec, seeds, out, grid, models, firstSeed, fresh, keepJournal, reuse, acrossRevisions);
  }
}
