package dev.taper.bench;

import java.nio.file.Path;

/**
 * What the imitation-speed benchmark measures.
 *
 * @param spec the study whose thin network, teacher width and imitation settings are timed
 * @param stepsPerLayer imitation steps per thin layer in each timed stage (the spec's own are
 *     minutes at depth 48)
 * @param runs timed runs of each kind, after one untimed warm-up
 * @param out the JSON file; the Markdown goes beside it with the extension {@code .md}
 */
record ImitationSpeedSettings(Path spec, int stepsPerLayer, int runs, Path out) {

  static final String USAGE =
      "usage: ImitationSpeed [--spec SPEC.json] [--steps-per-layer N] [--runs N] [--out FILE.json]";

  static final Path DEFAULT_SPEC =
      Path.of(
          "benchmarks", "specs", "fmnist-mlp-deep48-width16-teacher-units-progressive-joint.json");

  ImitationSpeedSettings {
    if (stepsPerLayer < 1) {
      throw new IllegalArgumentException("--steps-per-layer must be at least 1");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
  }

  static ImitationSpeedSettings parse(String[] args) {
    Path spec = DEFAULT_SPEC;
    int stepsPerLayer = 10;
    int runs = 3;
    Path out = Path.of("benchmarks", "results", "imitation-speed.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--spec" -> spec = Path.of(CommandLine.value(args, ++i, "--spec"));
        case "--steps-per-layer" ->
            stepsPerLayer = Integer.parseInt(CommandLine.value(args, ++i, "--steps-per-layer"));
        case "--runs" -> runs = Integer.parseInt(CommandLine.value(args, ++i, "--runs"));
        case "--out" -> out = Path.of(CommandLine.value(args, ++i, "--out"));
        default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    return new ImitationSpeedSettings(spec, stepsPerLayer, runs, out);
  }

  /** The Markdown file written beside the JSON. */
  Path markdown() {
    return CommandLine.markdownBeside(out);
  }
}
