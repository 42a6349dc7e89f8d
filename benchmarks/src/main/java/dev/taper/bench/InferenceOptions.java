package dev.taper.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The inference benchmark's arguments.
 *
 * @param models the folder holding one folder of kept networks per study
 * @param studies the studies to run, or empty for every one found under {@code models}
 * @param results where the studies' own result files are, for the accuracy each study stated
 * @param out where the receipt goes, without an extension
 * @param rounds how many times every model is timed; medians over the rounds are reported
 */
record InferenceOptions(
    Path models,
    List<String> studies,
    Path results,
    Path out,
    int rounds,
    int runs,
    int warmUpRuns,
    int batchSize,
    int threads) {

  static final String USAGE =
      "usage: InferenceCommand [--models benchmarks/models] [--studies a,b]"
          + " [--results benchmarks/results] [--out benchmarks/results/inference]"
          + " [--rounds 3] [--runs 500] [--warm-up 50] [--batch 64] [--threads 1]";

  InferenceOptions {
    studies = List.copyOf(studies);
    if (rounds < 1 || runs < 1 || warmUpRuns < 0 || batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "need rounds, runs, batch and threads >= 1 and warm-up >= 0");
    }
  }

  /**
   * @throws IllegalArgumentException on a bad argument; an empty message asks for the usage only
   */
  static InferenceOptions parse(String[] args) {
    Path models = StudyOptions.MODELS_ROOT;
    List<String> studies = List.of();
    Path results = Path.of("benchmarks", "results");
    Path out = results.resolve("inference");
    int rounds = 3;
    int runs = 500;
    int warmUp = 50;
    int batch = 64;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--models" -> models = Path.of(CommandLine.value(args, ++i, arg));
        case "--studies" ->
            studies =
                Arrays.stream(CommandLine.value(args, ++i, arg).split(","))
                    .map(String::trim)
                    .toList();
        case "--results" -> results = Path.of(CommandLine.value(args, ++i, arg));
        case "--out" ->
            out = Path.of(CommandLine.value(args, ++i, arg).replaceFirst("\\.(json|md)$", ""));
        case "--rounds" -> rounds = number(args, ++i, arg);
        case "--runs" -> runs = number(args, ++i, arg);
        case "--warm-up" -> warmUp = number(args, ++i, arg);
        case "--batch" -> batch = number(args, ++i, arg);
        case "--threads" -> threads = number(args, ++i, arg);
        case "-h", "--help" -> throw new IllegalArgumentException("");
        default -> throw new IllegalArgumentException("unexpected argument " + arg);
      }
    }
    return new InferenceOptions(
        models, studies, results, out, rounds, runs, warmUp, batch, threads);
  }

  private static int number(String[] args, int i, String flag) {
    try {
      return Integer.parseInt(CommandLine.value(args, i, flag));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, not " + args[i]);
    }
  }
}
