package dev.taper.bench;

import java.nio.file.Path;
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
 */
record StudyOptions(
    Path spec,
    int seeds,
    Path out,
    List<Double> lrGrid,
    Path models,
    Long firstSeed,
    boolean fresh) {

  static final String USAGE =
      "usage: StudyCommand SPEC.json [--seeds N (default 3)] [--out PATH-WITHOUT-EXTENSION]"
          + " [--lr-grid 3e-4,1e-3,3e-3] [--first-seed S (default: the spec's seed)]"
          + " [--models DIR (default benchmarks/models/NAME) | --no-models]"
          + " [--fresh (start over instead of resuming an interrupted run)]";

  /** Where studies keep their networks by default; git ignores it. */
  static final Path MODELS_ROOT = Path.of("benchmarks", "models");

  StudyOptions {
    lrGrid = List.copyOf(lrGrid);
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
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, arg));
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--lr-grid" -> grid = LearningRateGrid.parse(value(args, ++i, arg));
        case "--models" -> models = Path.of(value(args, ++i, arg));
        case "--no-models" -> keepModels = false;
        case "--first-seed" -> firstSeed = Long.parseLong(value(args, ++i, arg));
        case "--fresh" -> fresh = true;
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
    return new StudyOptions(spec, seeds, out, grid, models, firstSeed, fresh);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
