package dev.taper.bench;

import static dev.taper.bench.ThroughputBenchmark.cpu;
import static dev.taper.bench.ThroughputBenchmark.cpuValid;
import static dev.taper.bench.ThroughputBenchmark.median;
import static dev.taper.bench.ThroughputBenchmark.wall;

import dev.taper.training.family.mlp.MlpArchitecture;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Assembles a {@link ThroughputResult} from the runs: medians, ratios, targets and setup. */
final class ThroughputResults {

  private ThroughputResults() {}

  static ThroughputResult of(
      ThroughputSettings settings,
      Machine machine,
      List<Timed.Rate> matmul,
      MlpArchitecture wide,
      List<Timed.Rate> wideSamples,
      ThinLoopComparison.Runs thin,
      Map<String, ThroughputResult.Family> families,
      int thinExamples) {
    double gflopsPerSample = 3.0 * wide.flopsPerExample() / 1e9;
    List<Double> wideGflops = wall(wideSamples).stream().map(s -> s * gflopsPerSample).toList();
    double peak = median(matmul, true);
    double wideMedian = Stats.median(wideGflops);
    double engine = median(thin.engine(), true);
    double stock = median(thin.stock(), true);
    boolean cpu = cpuValid();
    ThroughputResult.CpuTime cpuTime =
        cpu
            ? new ThroughputResult.CpuTime(
                median(matmul, false),
                median(wideSamples, false) * gflopsPerSample,
                median(wideSamples, false) * gflopsPerSample / median(matmul, false),
                median(thin.engine(), false),
                median(thin.stock(), false),
                median(thin.engine(), false) / median(thin.stock(), false))
            : null;
    return new ThroughputResult(
        ThroughputBenchmark.date(),
        settings.quick(),
        ThroughputResult.UNITS,
        machine,
        peak,
        wideMedian,
        wideMedian / peak,
        engine,
        stock,
        engine / stock,
        new ThroughputResult.Targets(
            ThroughputBenchmark.TARGET_WIDE_FRACTION,
            wideMedian / peak >= ThroughputBenchmark.TARGET_WIDE_FRACTION,
            ThroughputBenchmark.TARGET_THIN_SPEEDUP,
            engine / stock >= ThroughputBenchmark.TARGET_THIN_SPEEDUP),
        families,
        new ThroughputResult.Runs(
            wall(matmul),
            wall(wideSamples),
            wideGflops,
            wall(thin.engine()),
            wall(thin.stock()),
            cpu ? cpu(matmul) : null,
            cpu ? cpu(wideSamples) : null,
            cpu ? cpu(thin.engine()) : null,
            cpu ? cpu(thin.stock()) : null),
        setup(settings, wide, thinExamples),
        cpuTime);
  }

  private static ThroughputResult.Setup setup(
      ThroughputSettings settings, MlpArchitecture wide, int thinExamples) {
    return new ThroughputResult.Setup(
        String.format(
            Locale.ROOT,
            "%dx%d float32 NDArray.matMul, %d warm-up, %d timed repetitions",
            MatmulPeak.N,
            MatmulPeak.N,
            settings.matmulWarmup(),
            settings.matmulReps()),
        String.format(
            Locale.ROOT,
            "MLP %d -> %d x %d -> %d (%,d forward FLOPs/example), SupervisedTrainer, Adam 1e-3"
                + " cosine, batch %d, %d steps per run, %d runs after a warm-up run",
            wide.inputSize(),
            wide.width(),
            wide.depth(),
            wide.classes(),
            wide.flopsPerExample(),
            ThroughputBenchmark.WIDE_BATCH,
            settings.wideSteps(),
            settings.runs()),
        String.format(
            Locale.ROOT,
            "MLP %d -> %d x %d -> %d, batch %d, %,d examples (%d steps) per run, %d runs of each"
                + " loop interleaved after a warm-up run of each. Engine: SupervisedTrainer, fused"
                + " Adam 1e-3 cosine. Stock: SequentialBlock, EasyTrain.fit for 1 epoch over a"
                + " shuffled ArrayDataset, Optimizer.adam() (1e-3), softmaxCrossEntropyLoss,"
                + " Accuracy, TrainingListener.Defaults.basic()",
            ThroughputBenchmark.INPUT,
            ThroughputBenchmark.THIN_WIDTH,
            ThroughputBenchmark.DEPTH,
            ThroughputBenchmark.CLASSES,
            ThinLoopComparison.BATCH,
            thinExamples,
            thinExamples / ThinLoopComparison.BATCH,
            settings.runs()));
  }
}
