package dev.taper.bench;

import ai.djl.Device;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.spec.StageConfigs;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ModelMetrics;
import dev.taper.training.Stage;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one experiment spec (the JSON the service accepts) with all three baselines over several
 * seeds, without a server, and writes {@code <out>.json}, {@code <out>.md} and {@code <out>.svg}.
 *
 * <p>Per seed {@code s = spec.seed + i}: the data are prepared with seed s, then WIDE, IMITATE (arm
 * WARMED), FINETUNE (arm THIN), SCRATCH, KD and DEEPER run in that order, all on the CPU. SCRATCH,
 * KD and DEEPER always run, whatever {@code spec.baselines} says.
 */
public final class StudyCommand {

  static final String USAGE =
      "usage: StudyCommand SPEC.json [--seeds N (default 3)] [--out PATH-WITHOUT-EXTENSION]";

  private StudyCommand() {}

  record Options(Path spec, int seeds, Path out) {

    static Options parse(String[] args) {
      Path spec = null;
      int seeds = 3;
      Path out = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, arg));
          case "--out" -> out = Path.of(value(args, ++i, arg));
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
      return new Options(spec, seeds, out);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(options);
    } catch (StudyException e) {
      System.err.println();
      System.err.println("study failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /** A failure the user can fix (bad spec, missing data), reported without a stack trace. */
  static final class StudyException extends RuntimeException {
    StudyException(String message) {
      super(message);
    }
  }

  static ExperimentSpec readSpec(Path path) {
    JsonMapper mapper =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    try {
      return mapper.readValue(Files.readString(path), ExperimentSpec.class);
    } catch (IOException e) {
      throw new StudyException("cannot read " + path + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new StudyException("invalid spec " + path + ": " + e.getOriginalMessage());
    }
  }

  static void run(Options options) {
    long started = System.nanoTime();
    ExperimentSpec spec = SpecDefaults.resolve(readSpec(options.spec()));
    if (!FashionMnist.NAME.equals(spec.dataset())) {
      throw new StudyException(
          "the study command knows only the dataset "
              + FashionMnist.NAME
              + ", not "
              + spec.dataset());
    }
    if (!"auto".equals(spec.device()) && !"cpu".equals(spec.device())) {
      throw new StudyException(
          "the study command runs on the CPU; the spec asks for device " + spec.device());
    }
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
    Map<String, Object> machine = Machine.describe();
    console.println(
        "study "
            + spec.name()
            + " from "
            + options.spec()
            + ": "
            + options.seeds()
            + " seeds, writing "
            + options.out()
            + ".{json,md,svg}");
    console.println("machine: " + Machine.summary(machine));
    RawDataset raw = FashionMnist.load(dataDir);

    StudyResult result =
        new StudyResult(
            spec,
            options.seeds(),
            machine,
            OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    for (int i = 0; i < options.seeds(); i++) {
      long seed = spec.seed() + i;
      runSeed(spec, raw, i, options.seeds(), seed, result, console);
      result.setTotalWallSeconds((System.nanoTime() - started) / 1e9);
      write(result, options.out(), console);
    }
    console.println("");
    console.println(StudyReport.markdownTable(result));
    console.println(StudyReport.targetLine(result));
    console.println(
        "total wall time "
            + ConsoleProgress.duration(result.totalWallSeconds())
            + "; wrote "
            + options.out()
            + ".json, .md and .svg");
  }

  private static void runSeed(
      ExperimentSpec spec,
      RawDataset raw,
      int seedIndex,
      int seeds,
      long seed,
      StudyResult result,
      ConsoleProgress console) {
    DatasetSplits data =
        DatasetPreparer.prepare(
            raw,
            seed,
            spec.limits().validationFraction(),
            spec.limits().trainExamples(),
            spec.limits().testExamples());
    int trainSize = data.train().size();
    StageConfigs configs = StageConfigs.from(spec, trainSize);
    Architecture thin = configs.thin(data.train().exampleShape(), data.classes());
    TrainConfig baseline = configs.baseline(thin);
    result.setBudget(ThinBudgetReport.of(configs, thin, trainSize));
    StageContext context =
        StageContext.of(data, seed, Device.cpu()).withProgress(console.listener());
    StudyResult.SeedRun run = result.startSeed(seed);

    Runner runner = new Runner(console, context, seedIndex, seeds, seed);
    try (StageOutcome wide =
        runner.run("WIDE", Stages.wide(thin, configs.widenFactor(), configs.wide()))) {
      run.arm("WIDE", wide.metrics(), runner.lastWallSeconds());

      StageOutcome warmed =
          runner.run("IMITATE", Stages.imitate(thin, configs.imitation(), wide.network()));
      run.arm("WARMED", warmed.metrics(), runner.lastWallSeconds());
      run.imitation(warmed.metrics().phaseLosses(), warmed.metrics());
      console.println(
          StudyReport.phaseLossLine(
              warmed.metrics().phaseLosses(),
              configs.imitation().schedule() == ImitationConfig.ImitationSchedule.JOINT));

      // FINETUNE takes ownership of the warmed network: closing its outcome frees it
      try (StageOutcome thinOutcome =
          runner.run(
              "FINETUNE",
              Stages.finetune(
                  warmed.network(),
                  configs.finetune(),
                  configs.finetuneDistillation(),
                  wide.network()))) {
        run.thin(thinOutcome.metrics(), runner.lastWallSeconds(), warmed.metrics());
      }
      try (StageOutcome scratch = runner.run("SCRATCH", Stages.scratch(thin, baseline))) {
        run.arm("SCRATCH", scratch.metrics(), runner.lastWallSeconds());
      }
      try (StageOutcome kd =
          runner.run(
              "KD", Stages.knowledgeDistillation(thin, baseline, configs.kd(), wide.network()))) {
        run.arm("KD", kd.metrics(), runner.lastWallSeconds());
      }
      try (StageOutcome deeper = runner.run("DEEPER", Stages.deeper(thin, baseline))) {
        run.arm("DEEPER", deeper.metrics(), runner.lastWallSeconds());
      }
    }
  }

  /** Runs stages with progress and a summary line, timing each {@code Stage.run} as a whole. */
  private static final class Runner {
    private final ConsoleProgress console;
    private final StageContext context;
    private final int seedIndex;
    private final int seeds;
    private final long seed;
    private double lastWallSeconds;

    Runner(ConsoleProgress console, StageContext context, int seedIndex, int seeds, long seed) {
      this.console = console;
      this.context = context;
      this.seedIndex = seedIndex;
      this.seeds = seeds;
      this.seed = seed;
    }

    StageOutcome run(String name, Stage stage) {
      console.begin(seedIndex, seeds, seed, name);
      long t0 = System.nanoTime();
      StageOutcome outcome = stage.run(context);
      lastWallSeconds = (System.nanoTime() - t0) / 1e9;
      ModelMetrics m = outcome.metrics();
      console.println(
          String.format(
                  Locale.ROOT,
                  "seed %d/%d (%d)  %-8s done in %s: test accuracy %.2f%%, loss %.4f,"
                      + " %,d params, %,d FLOPs/example, %s samples/s",
                  seedIndex + 1,
                  seeds,
                  seed,
                  name,
                  ConsoleProgress.duration(lastWallSeconds),
                  100 * m.testAccuracy(),
                  m.testLoss(),
                  m.parameterCount(),
                  m.flopsPerExample(),
                  ConsoleProgress.rate(m.samplesPerSecond()))
              + (Double.isNaN(m.mergeMaxAbsError())
                  ? ""
                  : String.format(Locale.ROOT, ", merge error %.2e", m.mergeMaxAbsError())));
      return outcome;
    }

    double lastWallSeconds() {
      return lastWallSeconds;
    }
  }

  private static void write(StudyResult result, Path out, ConsoleProgress console) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      String name = out.getFileName().toString();
      Files.writeString(parent.resolve(name + ".json"), StudyReport.json(result));
      Files.writeString(parent.resolve(name + ".svg"), StudyReport.svg(result));
      Files.writeString(parent.resolve(name + ".md"), StudyReport.markdown(result, name + ".svg"));
    } catch (IOException e) {
      console.println("warning: could not write results to " + out + ": " + e.getMessage());
    }
  }
}
