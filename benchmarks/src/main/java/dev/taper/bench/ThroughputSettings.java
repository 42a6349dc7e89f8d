package dev.taper.bench;

import java.nio.file.Path;

/**
 * How much the throughput benchmark measures.
 *
 * @param thinExamples examples per thin-MLP run (the whole training set unless quick)
 * @param out the JSON file; the Markdown goes beside it with the extension {@code .md}
 */
record ThroughputSettings(
    boolean quick,
    int runs,
    int matmulWarmup,
    int matmulReps,
    int wideSteps,
    int thinExamples,
    int familySteps,
    Path out) {

  static final String USAGE = "usage: ThroughputBenchmark [--quick] [--runs N] [--out FILE.json]";

  static ThroughputSettings parse(String[] args) {
    boolean quick = false;
    Integer runs = null;
    Path out = Path.of("benchmarks", "results", "throughput.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--runs" -> runs = Integer.parseInt(CommandLine.value(args, ++i, "--runs"));
        case "--out" -> out = Path.of(CommandLine.value(args, ++i, "--out"));
        default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    int r = runs != null ? runs : quick ? 3 : 5;
    if (r < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    // full: 200 wide steps (51,200 examples) and one thin epoch (the whole training set) per run;
    // the families are two orders of magnitude slower per example than the MLPs
    return quick
        ? new ThroughputSettings(true, r, 2, 5, 40, 100 * ThinLoopComparison.BATCH, 8, out)
        : new ThroughputSettings(false, r, 5, 20, 200, Integer.MAX_VALUE, 40, out);
  }

  /** The Markdown file written beside the JSON. */
  Path markdown() {
    return CommandLine.markdownBeside(out);
  }
}
