package dev.taper.bench;

import ai.djl.Device;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import dev.taper.training.ModelMetrics;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.TrainingDivergedException;
import dev.taper.training.family.mlp.MlpArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the deep thin regime begins: SCRATCH (and WIDE, for the widths asked) of an MLP over a grid
 * of depths and widths on Fashion-MNIST, at the studies' settings. The study specs pick depths
 * where scratch training clearly struggles while the wide network still trains, by validation
 * accuracy; test accuracy is reported beside it and chooses nothing.
 *
 * <pre>
 * DepthSweep [--depths 8,16,24,32] [--widths 16,32] [--wide-widths 16] [--epochs 12]
 *            [--wide-epochs 10] [--widen 8] [--learning-rates 1e-3] [--seed 1]
 *            [--out benchmarks/results/NAME]
 * </pre>
 *
 * <p>Every network is trained once at each learning rate (Adam, cosine schedule), so that a depth
 * is not called hard to train when only its rate was wrong.
 */
public final class DepthSweep {

  private static final int BATCH = 128;

  private DepthSweep() {}

  /** One trained network of the sweep; a diverged one has NaN accuracies and a reason. */
  record Row(
      int depth,
      int width,
      String arm,
      double learningRate,
      long params,
      double validationAccuracy,
      double testAccuracy,
      double testLoss,
      double wallSeconds,
      String failure) {}

  record Result(
      String date,
      Machine machine,
      Map<String, Object> settings,
      String how_chosen,
      List<Row> rows,
      double totalWallSeconds) {}

  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    long started = System.nanoTime();
    Path directory =
        FashionMnist.locate()
            .orElseThrow(() -> new IllegalStateException("Fashion-MNIST is not installed"));
    RawDataset raw = FashionMnist.load(directory);
    DatasetSplits data = DatasetPreparer.prepare(raw, o.seed, 0.1, null, null);
    StageContext context = StageContext.of(data, o.seed, Device.cpu());
    List<Row> rows = new ArrayList<>();
    Machine machine = Machine.describe();
    System.err.println("depth sweep on " + machine.summary());
    for (int width : o.widths) {
      for (int depth : o.depths) {
        MlpArchitecture thin = new MlpArchitecture(784, depth, width, 10);
        boolean wide = Arrays.stream(o.wideWidths).anyMatch(w -> w == width);
        for (double rate : o.learningRates) {
          rows.add(
              run(
                  "SCRATCH",
                  rate,
                  thin,
                  thin,
                  Stages.scratch(thin, training(o.epochs, rate)),
                  context));
          if (wide) {
            rows.add(
                run(
                    "WIDE",
                    rate,
                    thin,
                    thin.widen(o.widen),
                    Stages.wide(thin, o.widen, training(o.wideEpochs, rate)),
                    context));
          }
          write(o, machine, rows, started);
        }
      }
    }
    System.err.println(markdown(rows));
  }

  private static TrainConfig training(double epochs, double learningRate) {
    return new TrainConfig(
        epochs, BATCH, OptimizerConfig.ADAM_DEFAULT.withLearningRate(learningRate));
  }

  /**
   * @param thin the network the row is filed under (its depth and width)
   * @param trained the network the stage trains: {@code thin} or its widened copy
   */
  private static Row run(
      String arm,
      double learningRate,
      MlpArchitecture thin,
      MlpArchitecture trained,
      Stage stage,
      StageContext context) {
    int depth = thin.depth();
    int width = thin.width();
    long t0 = System.nanoTime();
    try (StageOutcome outcome = stage.run(context)) {
      ModelMetrics m = outcome.metrics();
      Row row =
          new Row(
              depth,
              width,
              arm,
              learningRate,
              m.parameterCount(),
              m.validationAccuracy(),
              m.testAccuracy(),
              m.testLoss(),
              (System.nanoTime() - t0) / 1e9,
              null);
      System.err.printf(
          Locale.ROOT,
          "%-7s depth %2d width %3d lr %s: validation %.2f%%, test %.2f%% (%.0f s)%n",
          arm,
          depth,
          width,
          StudySelection.rate(learningRate),
          100 * row.validationAccuracy(),
          100 * row.testAccuracy(),
          row.wallSeconds());
      return row;
    } catch (TrainingDivergedException e) {
      System.err.printf(
          Locale.ROOT,
          "%-7s depth %2d width %3d lr %s: %s%n",
          arm,
          depth,
          width,
          StudySelection.rate(learningRate),
          e.getMessage());
      return new Row(
          depth,
          width,
          arm,
          learningRate,
          trained.parameterCount(),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          (System.nanoTime() - t0) / 1e9,
          e.getMessage());
    }
  }

  private static void write(Options o, Machine machine, List<Row> rows, long started) {
    Result result =
        new Result(
            OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            machine,
            Map.of(
                "depths", o.depths,
                "widths", o.widths,
                "wide_widths", o.wideWidths,
                "epochs", o.epochs,
                "wide_epochs", o.wideEpochs,
                "widen_factor", o.widen,
                "seed", o.seed,
                "learning_rates", o.learningRates,
                "optimizer", "adam, cosine, batch " + BATCH,
                "data", "Fashion-MNIST, 54,000 training / 6,000 validation / 10,000 test"),
            "nothing is chosen here by test accuracy: the study specs take depths from the"
                + " validation column",
            rows,
            (System.nanoTime() - started) / 1e9);
    JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    try {
      Files.createDirectories(o.out.toAbsolutePath().getParent());
      Files.writeString(Path.of(o.out + ".json"), json.writeValueAsString(result));
      Files.writeString(
          Path.of(o.out + ".md"),
          "# MLP depth sweep\n\nWritten by `dev.taper.bench.DepthSweep` on "
              + machine.summary()
              + ".\n\n"
              + markdown(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(List<Row> rows) {
    StringBuilder md =
        new StringBuilder(
            "| arm | depth | width | learning rate | params | validation % | test % | test loss"
                + " | wall s |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %,d | %s | %s | %s | %.0f |%n",
              r.arm(),
              r.depth(),
              r.width(),
              StudySelection.rate(r.learningRate()),
              r.params(),
              r.failure() == null
                  ? String.format(Locale.ROOT, "%.2f", 100 * r.validationAccuracy())
                  : "diverged",
              r.failure() == null
                  ? String.format(Locale.ROOT, "%.2f", 100 * r.testAccuracy())
                  : "diverged",
              r.failure() == null ? String.format(Locale.ROOT, "%.3f", r.testLoss()) : "-",
              r.wallSeconds()));
    }
    return md.toString();
  }

  private record Options(
      int[] depths,
      int[] widths,
      int[] wideWidths,
      double epochs,
      double wideEpochs,
      int widen,
      List<Double> learningRates,
      long seed,
      Path out) {

    static Options parse(String[] args) {
      int[] depths = {8, 16, 24, 32};
      int[] widths = {16, 32};
      int[] wideWidths = {16};
      double epochs = 12;
      double wideEpochs = 10;
      int widen = 8;
      List<Double> learningRates = List.of(OptimizerConfig.ADAM_DEFAULT.learningRate());
      long seed = 1;
      Path out = Path.of("benchmarks", "results", "fmnist-mlp-depth-sweep");
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--depths" -> depths = ints(value);
          case "--widths" -> widths = ints(value);
          case "--wide-widths" -> wideWidths = ints(value);
          case "--epochs" -> epochs = Double.parseDouble(value);
          case "--wide-epochs" -> wideEpochs = Double.parseDouble(value);
          case "--widen" -> widen = Integer.parseInt(value);
          case "--learning-rates" -> learningRates = LearningRateGrid.parse(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(
          depths, widths, wideWidths, epochs, wideEpochs, widen, learningRates, seed, out);
    }

    private static int[] ints(String list) {
      return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
  }
}
