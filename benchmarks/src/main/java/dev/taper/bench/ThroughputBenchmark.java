package dev.taper.bench;

import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.LabeledData;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.mlp.MlpArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How close the engine's training loop gets to the machine, in one run on the CPU:
 *
 * <ol>
 *   <li>the matmul peak through the same libtorch ({@link MatmulPeak});
 *   <li>the wide MLP (784 -> 256 x 8 -> 10) trained by the engine's loop at batch 256 on
 *       Fashion-MNIST ({@link EngineTraining}), as GFLOP/s = 3 x forward FLOPs per example x
 *       samples/s;
 *   <li>the thin MLP (784 -> 32 x 8 -> 10) at batch 128: the engine's loop against DJL's stock loop
 *       ({@link ThinLoopComparison});
 *   <li>the wide ResNet and wide Transformer of the Fashion-MNIST studies ({@link
 *       FamilyStudyShapes}), trained by the engine's loop at batch 128, against the same peak.
 * </ol>
 *
 * Writes {@code benchmarks/results/throughput.json} (or {@code --out}) and a Markdown file beside
 * it, and prints the table.
 */
public final class ThroughputBenchmark {

  static final int INPUT = 784;
  static final int CLASSES = 10;
  static final int DEPTH = 8;
  static final int WIDE_WIDTH = 256;
  static final int THIN_WIDTH = 32;
  static final int WIDE_BATCH = 256;
  static final int FAMILY_BATCH = 128;
  static final double TARGET_WIDE_FRACTION = 0.35;
  static final double TARGET_THIN_SPEEDUP = 2.0;

  private ThroughputBenchmark() {}

  public static void main(String[] args) throws IOException {
    ThroughputSettings settings =
        CommandLine.parseOrExit(args, ThroughputSettings::parse, ThroughputSettings.USAGE);
    Path dir = FashionMnist.locate().orElse(null);
    if (dir == null) {
      System.err.println(
          "Fashion-MNIST not found: install the Debian package dataset-fashion-mnist, or point -D"
              + FashionMnist.DATA_DIR_PROPERTY
              + " or $"
              + FashionMnist.DATA_DIR_ENV
              + " at a folder holding the four IDX files");
      System.exit(1);
      return;
    }
    ThroughputResult result = measure(settings, dir);
    write(settings.out(), ThroughputJson.render(result));
    write(settings.markdown(), ThroughputMarkdown.render(result));
    System.out.println();
    System.out.println(ThroughputMarkdown.table(result));
    System.out.println("wrote " + settings.out() + " and " + settings.markdown());
    System.exit(0);
  }

  static ThroughputResult measure(ThroughputSettings settings, Path dataDir) {
    Machine machine = Machine.describe();
    log("machine: " + machine.summary());
    DatasetSplits data = DatasetPreparer.prepare(FashionMnist.load(dataDir), 0, 0.0, null, null);
    LabeledData train = data.train();
    log("data: Fashion-MNIST, " + train.size() + " training examples");
    int runs = settings.runs();

    List<Timed.Rate> matmul = MatmulPeak.measure(settings.matmulWarmup(), settings.matmulReps());
    log(String.format(Locale.ROOT, "matmul: median %.1f GFLOP/s", median(matmul, true)));

    MlpArchitecture wide = new MlpArchitecture(INPUT, DEPTH, WIDE_WIDTH, CLASSES);
    List<Timed.Rate> wideSamples =
        EngineTraining.measure(
            data,
            wide,
            WIDE_BATCH,
            settings.wideSteps(),
            runs,
            r -> log("  wide MLP run " + (r + 1)));
    double wideFlops = 3.0 * wide.flopsPerExample();
    log(
        String.format(
            Locale.ROOT,
            "wide MLP: median %.1f GFLOP/s",
            wideFlops * median(wideSamples, true) / 1e9));

    MlpArchitecture thin = new MlpArchitecture(INPUT, DEPTH, THIN_WIDTH, CLASSES);
    int n =
        Math.min(settings.thinExamples(), train.size())
            / ThinLoopComparison.BATCH
            * ThinLoopComparison.BATCH;
    ThinLoopComparison.Runs thinRuns =
        ThinLoopComparison.measure(
            data, train.head(n), thin, runs, r -> log("  thin run " + (r + 1)));

    Map<String, ThroughputResult.Family> families = new LinkedHashMap<>();
    for (Map.Entry<String, Architecture> family : FamilyStudyShapes.wide().entrySet()) {
      Architecture architecture = family.getValue();
      List<Timed.Rate> samples =
          EngineTraining.measure(
              data,
              architecture,
              FAMILY_BATCH,
              settings.familySteps(),
              runs,
              r -> log("  wide " + family.getKey() + " run " + (r + 1)));
      double flops = 3.0 * architecture.flopsPerExample();
      families.put(
          family.getKey(),
          new ThroughputResult.Family(
              architecture,
              architecture.flopsPerExample(),
              flops * median(samples, true) / 1e9,
              flops * median(samples, true) / 1e9 / median(matmul, true),
              wall(samples),
              String.format(
                  Locale.ROOT,
                  "SupervisedTrainer, Adam 1e-3 cosine, batch %d, %d steps per run, %d runs after"
                      + " a warm-up run",
                  FAMILY_BATCH,
                  settings.familySteps(),
                  runs),
              cpuValid() ? flops * median(samples, false) / 1e9 : null,
              cpuValid() ? cpu(samples) : null));
    }
    return ThroughputResults.of(
        settings, machine, matmul, wide, wideSamples, thinRuns, families, n);
  }

  /** The thread's CPU time measures the work only when libtorch runs it all on this thread. */
  static boolean cpuValid() {
    return ai.djl.pytorch.jni.JniUtils.getNumThreads() == 1;
  }

  static double median(List<Timed.Rate> rates, boolean wall) {
    return Stats.median(wall ? wall(rates) : cpu(rates));
  }

  static List<Double> wall(List<Timed.Rate> rates) {
    return rates.stream().map(Timed.Rate::wall).toList();
  }

  static List<Double> cpu(List<Timed.Rate> rates) {
    return rates.stream().map(Timed.Rate::cpu).toList();
  }

  private static void write(Path file, String text) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, text);
  }

  static void log(String line) {
    System.err.println(line);
  }

  static String date() {
    return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
