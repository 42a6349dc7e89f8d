package dev.taper.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.DjlDatasets;
import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.LabeledData;
import dev.taper.training.DistillationConfig;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.SupervisedTrainer;
import dev.taper.training.loop.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How close the engine's training loop gets to the machine, in one run on the CPU:
 *
 * <ol>
 *   <li>the matmul peak through the same libtorch: a 1024 x 1024 float32 {@code NDArray.matMul}, 2
 *       n^3 FLOPs, median of timed repetitions after a warm-up;
 *   <li>the wide MLP (784 -> 256 x 8 -> 10) trained by the engine's {@link SupervisedTrainer} at
 *       batch 256 on Fashion-MNIST, as GFLOP/s = 3 x forward FLOPs per example x samples/s;
 *   <li>the thin MLP (784 -> 32 x 8 -> 10) at batch 128: samples/s of the engine's loop against a
 *       naive DJL loop ({@code EasyTrain.fit}, stock Adam 1e-3, softmax cross-entropy, Accuracy,
 *       the basic listeners), runs interleaved so that machine load hits both alike;
 *   <li>the wide ResNet and the wide Transformer of the Fashion-MNIST studies ({@link
 *       FamilyStudyShapes}), trained by the same loop at batch 128, as GFLOP/s against the same
 *       matmul peak.
 * </ol>
 *
 * Writes {@code benchmarks/results/throughput.json} (or {@code --out}) and prints a table.
 */
public final class ThroughputBenchmark {

  static final int MATMUL_N = 1024;
  static final int INPUT = 784;
  static final int CLASSES = 10;
  static final int DEPTH = 8;
  static final int WIDE_WIDTH = 256;
  static final int THIN_WIDTH = 32;
  static final int WIDE_BATCH = 256;
  static final int THIN_BATCH = 128;
  static final int FAMILY_BATCH = 128;
  static final double TARGET_WIDE_FRACTION = 0.35;
  static final double TARGET_THIN_SPEEDUP = 2.0;

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** How much to measure. */
  record Settings(
      boolean quick,
      int runs,
      int matmulWarmup,
      int matmulReps,
      int wideSteps,
      int thinExamples,
      int familySteps,
      Path out) {

    static Settings parse(String[] args) {
      boolean quick = false;
      Integer runs = null;
      Path out = Path.of("benchmarks", "results", "throughput.json");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> quick = true;
          case "--runs" -> runs = Integer.parseInt(next(args, ++i, "--runs"));
          case "--out" -> out = Path.of(next(args, ++i, "--out"));
          default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
        }
      }
      int r = runs != null ? runs : quick ? 3 : 5;
      if (r < 1) {
        throw new IllegalArgumentException("--runs must be at least 1");
      }
      // full: 200 wide steps (51,200 examples) and one thin epoch (the whole training set) per run
      // the families are two orders of magnitude slower per example than the MLPs
      return quick
          ? new Settings(true, r, 2, 5, 40, 100 * THIN_BATCH, 8, out)
          : new Settings(false, r, 5, 20, 200, Integer.MAX_VALUE, 40, out);
    }

    private static String next(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }

  private ThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: ThroughputBenchmark [--quick] [--runs N] [--out FILE.json]");
      System.exit(2);
      return;
    }
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
    run(settings, dir);
    System.exit(0);
  }

  static void run(Settings settings, Path dataDir) throws IOException, TranslateException {
    Map<String, Object> machine = Machine.describe();
    log("machine: " + Machine.summary(machine));
    DatasetSplits data = DatasetPreparer.prepare(FashionMnist.load(dataDir), 0, 0.0, null, null);
    LabeledData train = data.train();
    log("data: Fashion-MNIST, " + train.size() + " training examples");

    List<Double> matmul = matmul(settings);
    double matmulGflops = Stats.median(matmul);
    log(String.format(Locale.ROOT, "matmul %d^3: median %.1f GFLOP/s", MATMUL_N, matmulGflops));

    MlpArchitecture wide = new MlpArchitecture(INPUT, DEPTH, WIDE_WIDTH, CLASSES);
    List<Double> wideSamples = train(data, wide, WIDE_BATCH, settings.wideSteps(), settings);
    List<Double> wideGflops =
        wideSamples.stream().map(s -> 3.0 * wide.flopsPerExample() * s / 1e9).toList();
    double wideGflopsMedian = Stats.median(wideGflops);
    log(
        String.format(
            Locale.ROOT,
            "wide MLP training: median %.0f samples/s = %.1f GFLOP/s",
            Stats.median(wideSamples),
            wideGflopsMedian));

    MlpArchitecture thin = new MlpArchitecture(INPUT, DEPTH, THIN_WIDTH, CLASSES);
    int n = Math.min(settings.thinExamples(), train.size()) / THIN_BATCH * THIN_BATCH;
    LabeledData thinData = train.head(n);
    List<Double> engine = new ArrayList<>();
    List<Double> naive = new ArrayList<>();
    thin(settings, data, thinData, thin, engine, naive);
    double engineMedian = Stats.median(engine);
    double naiveMedian = Stats.median(naive);

    Map<String, Object> families = new LinkedHashMap<>();
    Map<String, Double> familyGflops = new LinkedHashMap<>();
    for (Map.Entry<String, Architecture> family : FamilyStudyShapes.wide().entrySet()) {
      Architecture architecture = family.getValue();
      List<Double> samples =
          train(data, architecture, FAMILY_BATCH, settings.familySteps(), settings);
      List<Double> gflops =
          samples.stream().map(x -> 3.0 * architecture.flopsPerExample() * x / 1e9).toList();
      double median = Stats.median(gflops);
      familyGflops.put(family.getKey(), median);
      log(
          String.format(
              Locale.ROOT,
              "wide %s training: median %.0f samples/s = %.1f GFLOP/s",
              family.getKey(),
              Stats.median(samples),
              median));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("architecture", architecture);
      entry.put("flops_per_example", architecture.flopsPerExample());
      entry.put("train_gflops", median);
      entry.put("fraction_of_peak", median / matmulGflops);
      entry.put("samples_per_s", samples);
      entry.put(
          "setup",
          String.format(
              Locale.ROOT,
              "SupervisedTrainer, Adam 1e-3 cosine, batch %d, %d steps per run, %d runs after a"
                  + " warm-up run",
              FAMILY_BATCH,
              settings.familySteps(),
              settings.runs()));
      families.put(family.getKey(), entry);
    }

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("quick", settings.quick());
    root.put(
        "units",
        "GFLOP/s counts a multiply-add as 2 FLOPs; training FLOPs = 3 x forward; samples/s are"
            + " training examples per wall-clock second around the whole loop call; every headline"
            + " number is the median of the runs listed beside it");
    root.put("machine", machine);
    root.put("matmul_gflops", matmulGflops);
    root.put("wide_train_gflops", wideGflopsMedian);
    root.put("wide_fraction_of_peak", wideGflopsMedian / matmulGflops);
    root.put("thin_samples_per_s", engineMedian);
    root.put("naive_thin_samples_per_s", naiveMedian);
    root.put("thin_speedup", engineMedian / naiveMedian);
    Map<String, Object> targets = new LinkedHashMap<>();
    targets.put("wide_fraction_of_peak_min", TARGET_WIDE_FRACTION);
    targets.put("wide_met", wideGflopsMedian / matmulGflops >= TARGET_WIDE_FRACTION);
    targets.put("thin_speedup_min", TARGET_THIN_SPEEDUP);
    targets.put("thin_met", engineMedian / naiveMedian >= TARGET_THIN_SPEEDUP);
    root.put("targets", targets);
    root.put("families", families);
    Map<String, Object> runs = new LinkedHashMap<>();
    runs.put("matmul_gflops", matmul);
    runs.put("wide_samples_per_s", wideSamples);
    runs.put("wide_train_gflops", wideGflops);
    runs.put("thin_samples_per_s", engine);
    runs.put("naive_thin_samples_per_s", naive);
    root.put("runs", runs);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put(
        "matmul",
        String.format(
            Locale.ROOT,
            "%dx%d float32 NDArray.matMul, %d warm-up, %d timed repetitions",
            MATMUL_N,
            MATMUL_N,
            settings.matmulWarmup(),
            settings.matmulReps()));
    setup.put(
        "wide",
        String.format(
            Locale.ROOT,
            "MLP %d -> %d x %d -> %d (%,d forward FLOPs/example), SupervisedTrainer, Adam 1e-3"
                + " cosine, batch %d, %d steps per run, %d runs after a warm-up run",
            INPUT,
            WIDE_WIDTH,
            DEPTH,
            CLASSES,
            wide.flopsPerExample(),
            WIDE_BATCH,
            settings.wideSteps(),
            settings.runs()));
    setup.put(
        "thin",
        String.format(
            Locale.ROOT,
            "MLP %d -> %d x %d -> %d, batch %d, %,d examples (%d steps) per run, %d runs of each"
                + " loop interleaved after a warm-up run of each. Engine: SupervisedTrainer, fused"
                + " Adam 1e-3 cosine. Naive: SequentialBlock, EasyTrain.fit for 1 epoch over a"
                + " shuffled ArrayDataset, Optimizer.adam() (1e-3), softmaxCrossEntropyLoss,"
                + " Accuracy, TrainingListener.Defaults.basic()",
            INPUT,
            THIN_WIDTH,
            DEPTH,
            CLASSES,
            THIN_BATCH,
            n,
            n / THIN_BATCH,
            settings.runs()));
    root.put("setup", setup);

    Path out = settings.out();
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, JSON.writeValueAsString(root) + "\n");

    System.out.println();
    System.out.println(
        table(
            matmulGflops,
            wideGflopsMedian,
            engineMedian,
            naiveMedian,
            familyGflops,
            settings.quick()));
    System.out.println("wrote " + out);
  }

  // ---------------------------------------------------------------- (a) matmul peak

  static List<Double> matmul(Settings settings) {
    List<Double> gflops = new ArrayList<>();
    double flops = 2.0 * MATMUL_N * MATMUL_N * MATMUL_N;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(MATMUL_N, MATMUL_N));
      NDArray b = manager.randomUniform(-1, 1, new Shape(MATMUL_N, MATMUL_N));
      for (int i = 0; i < settings.matmulWarmup() + settings.matmulReps(); i++) {
        try (NDManager scope = manager.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray c = a.matMul(b);
          c.attach(scope);
          // CPU ops run synchronously; reading one value makes sure the product exists
          c.getFloat(0, 0);
          double seconds = (System.nanoTime() - t0) / 1e9;
          if (i >= settings.matmulWarmup()) {
            gflops.add(flops / seconds / 1e9);
          }
        }
      }
    }
    return gflops;
  }

  // ---------------------------------------------------------------- (b, d) wide training

  /**
   * Samples/s of the engine's loop training {@code architecture} for {@code steps} steps, once as a
   * warm-up and then once per run.
   */
  static List<Double> train(
      DatasetSplits data, Architecture architecture, int batch, int steps, Settings settings) {
    List<Double> samples = new ArrayList<>();
    int size = data.train().size();
    TrainConfig config =
        new TrainConfig(steps * (double) batch / size, batch, OptimizerConfig.ADAM_DEFAULT);
    TrainConfig warmup = config.withEpochs(Math.max(5, steps / 4) * (double) batch / size);
    StageContext context = StageContext.of(data, 0, Device.cpu());
    try (Network network = ModelFamilies.build(architecture, 0, Device.cpu());
        DeviceSplit train =
            DeviceSplit.upload(data.train(), architecture.inputShape(), Device.cpu())) {
      timeEngine("WIDE", warmup, network, train, context);
      for (int r = 0; r < settings.runs(); r++) {
        double s = timeEngine("WIDE", config, network, train, context);
        samples.add(s);
        log(
            String.format(
                Locale.ROOT,
                "  wide %s run %d/%d: %.0f samples/s",
                architecture.family(),
                r + 1,
                settings.runs(),
                s));
      }
    }
    return samples;
  }

  /** Samples/s of one engine training call, by the wall clock around it. */
  private static double timeEngine(
      String stage, TrainConfig config, Network network, DeviceSplit train, StageContext context) {
    SupervisedTrainer trainer = new SupervisedTrainer(stage, config, null, DistillationConfig.NONE);
    long t0 = System.nanoTime();
    TrainingLoop.Result run = trainer.train(network, train, context);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return run.examplesSeen() / seconds;
  }

  // ---------------------------------------------------------------- (c) thin MLP, engine vs naive

  static void thin(
      Settings settings,
      DatasetSplits data,
      LabeledData thinData,
      MlpArchitecture thin,
      List<Double> engine,
      List<Double> naive)
      throws IOException, TranslateException {
    int n = thinData.size();
    TrainConfig epoch = new TrainConfig(1.0, THIN_BATCH, OptimizerConfig.ADAM_DEFAULT);
    StageContext context = StageContext.of(data, 0, Device.cpu());
    LabeledData warmupData = thinData.head(Math.min(n, 20 * THIN_BATCH));
    try (Network network = ModelFamilies.build(thin, 0, Device.cpu());
        DeviceSplit train = DeviceSplit.upload(thinData, thin.inputShape(), Device.cpu());
        DeviceSplit warmupSplit = DeviceSplit.upload(warmupData, thin.inputShape(), Device.cpu());
        NaiveLoop naiveLoop = new NaiveLoop(thin, thinData, warmupData)) {
      timeEngine("SCRATCH", epoch, network, warmupSplit, context);
      naiveLoop.epoch(true);
      for (int r = 0; r < settings.runs(); r++) {
        double e = timeEngine("SCRATCH", epoch, network, train, context);
        double v = naiveLoop.epoch(false);
        engine.add(e);
        naive.add(v);
        log(
            String.format(
                Locale.ROOT,
                "  thin run %d/%d: engine %.0f samples/s, naive DJL %.0f samples/s",
                r + 1,
                settings.runs(),
                e,
                v));
      }
    }
  }

  /** The same architecture trained the way a DJL user would write it. */
  static final class NaiveLoop implements AutoCloseable {
    private final Model model;
    private final Trainer trainer;
    private final NDManager dataManager;
    private final ArrayDataset dataset;
    private final ArrayDataset warmup;
    private final int examples;

    NaiveLoop(MlpArchitecture arch, LabeledData data, LabeledData warmupData) {
      SequentialBlock block = new SequentialBlock();
      for (int i = 0; i < arch.depth(); i++) {
        block.add(Linear.builder().setUnits(arch.width()).build()).add(Activation.reluBlock());
      }
      block.add(Linear.builder().setUnits(arch.classes()).build());
      model = Model.newInstance("naive-thin", Device.cpu());
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().build())
              .optDevices(new Device[] {Device.cpu()})
              .addEvaluator(new Accuracy())
              .addTrainingListeners(TrainingListener.Defaults.basic());
      trainer = model.newTrainer(config);
      trainer.initialize(new Shape(THIN_BATCH, arch.inputSize()));
      dataManager = NDManager.newBaseManager(Device.cpu());
      dataset = DjlDatasets.toArrayDataset(data, dataManager, THIN_BATCH, true);
      warmup = DjlDatasets.toArrayDataset(warmupData, dataManager, THIN_BATCH, true);
      examples = data.size();
    }

    /** One epoch of {@code EasyTrain.fit}; samples/s by the wall clock around it. */
    double epoch(boolean warmupOnly) throws IOException, TranslateException {
      long t0 = System.nanoTime();
      EasyTrain.fit(trainer, 1, warmupOnly ? warmup : dataset, null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return examples / seconds;
    }

    @Override
    public void close() {
      trainer.close();
      dataManager.close();
      model.close();
    }
  }

  // ---------------------------------------------------------------- output

  static String table(
      double matmul,
      double wide,
      double engine,
      double naive,
      Map<String, Double> families,
      boolean quick) {
    double fraction = wide / matmul;
    double speedup = engine / naive;
    StringBuilder t = new StringBuilder();
    t.append(quick ? "Throughput (QUICK run: few, short repetitions)\n" : "Throughput\n");
    t.append(String.format(Locale.ROOT, "%-40s %14s   %s%n", "measure", "median", "target"));
    t.append(String.format(Locale.ROOT, "%-40s %14.1f%n", "matmul 1024^3 fp32 (GFLOP/s)", matmul));
    t.append(
        String.format(
            Locale.ROOT, "%-40s %14.1f%n", "wide MLP training, batch 256 (GFLOP/s)", wide));
    t.append(
        String.format(
            Locale.ROOT,
            "%-40s %13.1f%%   >= %.0f%% %s%n",
            "wide fraction of matmul peak",
            100 * fraction,
            100 * TARGET_WIDE_FRACTION,
            fraction >= TARGET_WIDE_FRACTION ? "met" : "NOT met"));
    t.append(
        String.format(Locale.ROOT, "%-40s %14.0f%n", "thin MLP, engine loop (samples/s)", engine));
    t.append(
        String.format(
            Locale.ROOT, "%-40s %14.0f%n", "thin MLP, naive DJL loop (samples/s)", naive));
    t.append(
        String.format(
            Locale.ROOT,
            "%-40s %13.2fx   >= %.0fx %s%n",
            "thin speedup (engine / naive)",
            speedup,
            TARGET_THIN_SPEEDUP,
            speedup >= TARGET_THIN_SPEEDUP ? "met" : "NOT met"));
    for (Map.Entry<String, Double> family : families.entrySet()) {
      t.append(
          String.format(
              Locale.ROOT,
              "%-40s %14.1f   (%.1f%% of peak)%n",
              "wide " + family.getKey() + ", batch 128 (GFLOP/s)",
              family.getValue(),
              100 * family.getValue() / matmul));
    }
    return t.toString();
  }

  private static void log(String line) {
    System.err.println(line);
  }
}
