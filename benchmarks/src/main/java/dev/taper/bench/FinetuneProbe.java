package dev.taper.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.taper.dataset.DatasetPreparer;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.FashionMnist;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.spec.StageConfigs;
import dev.taper.training.DistillationConfig;
import dev.taper.training.ModelMetrics;
import dev.taper.training.Optimizer;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.TrainingDivergedException;
import dev.taper.training.WireName;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.imitation.AffineFit;
import dev.taper.training.loop.DeviceSplit;
import dev.taper.training.loop.Evaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fine-tunes the imitated network a study journaled (its IMITATE run, arm WARMED) again with other
 * optimisers, everything else as the study's fine-tuning: to ask why fine-tuning does or does not
 * improve on imitation, without imitating again. A diagnostic, not a study: no baseline is trained,
 * so its figures compare fine-tuning runs with each other and with WARMED only. Every run keeps its
 * best validation epoch and reports every epoch's validation accuracy; test accuracy is reported
 * beside it and chooses nothing.
 *
 * <pre>
 * FinetuneProbe --journal RESULT.journal --seed 1 --runs adam:1e-4,sgd:1e-2 [--refit-readout 1e-2]
 *               [--balance-units true] [--equalise-layers true] --out PATH
 * FinetuneProbe --render PATH.json   (writes PATH.md again from the result, with this build's page)
 * </pre>
 */
public final class FinetuneProbe {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private FinetuneProbe() {}

  /** One fine-tuning of the imitated network. */
  record Run(
      String optimizer,
      double learningRate,
      List<Double> validationByEpoch,
      int bestEpoch,
      double validationAccuracy,
      double testAccuracy,
      double testLoss,
      double wallSeconds,
      String failure) {}

  /**
   * The read-out fitted again, before fine-tuning, to reproduce its own logits on training examples
   * with a stronger ridge.
   */
  record Refit(
      double relativeRidge,
      int examples,
      double validationAccuracy,
      double testAccuracy,
      double testLoss,
      double readoutLargestSingularValue) {}

  record Result(
      String date,
      Machine machine,
      String journal,
      long seed,
      String spec,
      double warmedValidationAccuracy,
      double warmedTestAccuracy,
      double warmedTestLoss,
      String how_read,
      List<Double> warmedLargestSingularValues,
      boolean unitsBalanced,
      boolean layersEqualised,
      Refit refit,
      List<Double> startLargestSingularValues,
      String scratchRun,
      List<Double> scratchLargestSingularValues,
      List<Run> runs) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--render")) {
      render(Path.of(args[1]));
      return;
    }
    Options o = Options.parse(args);
    JsonNode identity =
        JSON.readTree(Files.readString(o.journal.resolve(StudyJournal.IDENTITY_FILE)));
    ExperimentSpec spec = journaledSpec(identity);
    Path imitated = o.journal.resolve("seed-" + o.seed).resolve("IMITATE");
    if (!Files.isDirectory(imitated.resolve("network"))) {
      throw new IllegalArgumentException(
          "no imitated network for seed "
              + o.seed
              + " in "
              + o.journal
              + ": a study deletes its journal when every seed is done unless it ran with"
              + " --keep-journal (or copy seed-"
              + o.seed
              + "/IMITATE and study.json out of it while it runs)");
    }
    JsonNode warmedMetrics =
        JSON.readTree(Files.readString(imitated.resolve("run.json"))).get("metrics");
    Path dataDirectory =
        FashionMnist.locate()
            .orElseThrow(() -> new IllegalStateException("Fashion-MNIST is not installed"));
    DatasetSplits data =
        DatasetPreparer.prepare(
            FashionMnist.load(dataDirectory),
            o.seed,
            spec.limits().validationFraction(),
            spec.limits().trainExamples(),
            spec.limits().testExamples());
    TrainConfig studied = StageConfigs.from(spec, data.train().size()).finetune();
    StageContext context = StageContext.of(data, o.seed, Device.cpu());
    Machine machine = Machine.describe();
    System.err.println("fine-tuning probe on " + machine.summary());
    List<Run> runs = new ArrayList<>();
    Path scratch = bestScratch(imitated.getParent());
    List<Double> scratchNorms = List.of();
    if (scratch != null) {
      try (Network network = NetworkFiles.load(scratch.resolve("network"), Device.cpu())) {
        scratchNorms = largestSingularValues(network);
      }
    }
    try (Network warmed = NetworkFiles.load(imitated.resolve("network"), Device.cpu())) {
      List<Double> warmedNorms = largestSingularValues(warmed);
      if (o.balanceUnits()) {
        balanceUnits(warmed, data);
      }
      if (o.equaliseLayers()) {
        equaliseLayers(warmed);
      }
      Refit refit = o.refitRidge() > 0 ? refitReadout(warmed, data, o.refitRidge()) : null;
      List<Double> startNorms =
          o.balanceUnits() || o.equaliseLayers() || refit != null
              ? largestSingularValues(warmed)
              : null;
      System.err.println("largest singular value per weight, WARMED: " + warmedNorms);
      System.err.println("largest singular value per weight, SCRATCH: " + scratchNorms);
      if (startNorms != null) {
        System.err.println("largest singular value per weight, as changed: " + startNorms);
      }
      double start =
          refit != null
              ? refit.validationAccuracy()
              : 100 * warmedMetrics.get("validationAccuracy").asDouble();
      for (OptimizerConfig optimizer : o.optimizers(studied.optimizer())) {
        runs.add(finetune(warmed, start, studied, optimizer, context));
        write(
            o,
            new Result(
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                machine,
                o.journal.getFileName().toString(),
                o.seed,
                spec.name(),
                100 * warmedMetrics.get("validationAccuracy").asDouble(),
                100 * warmedMetrics.get("testAccuracy").asDouble(),
                warmedMetrics.get("testLoss").asDouble(),
                "each run keeps its best validation epoch (epoch 0 is the network fine-tuning starts"
                    + " from: WARMED, or WARMED changed as said below); test accuracy is reported"
                    + " and chooses nothing",
                warmedNorms,
                o.balanceUnits(),
                o.equaliseLayers(),
                refit,
                startNorms,
                scratch == null ? null : scratch.getFileName().toString(),
                scratchNorms,
                List.copyOf(runs)));
      }
    }
  }

  /**
   * The spec a study journaled, with every default filled in: a journal written before a spec field
   * existed lacks it, and the service fills such fields in the same way.
   */
  static ExperimentSpec journaledSpec(JsonNode identity) {
    return SpecDefaults.resolve(JSON.treeToValue(identity.get("spec"), ExperimentSpec.class));
  }

  /**
   * @param startValidation the starting network's validation accuracy in percent
   */
  private static Run finetune(
      Network warmed,
      double startValidation,
      TrainConfig studied,
      OptimizerConfig optimizer,
      StageContext context) {
    TrainConfig config =
        new TrainConfig(
            studied.epochs(),
            studied.batchSize(),
            optimizer,
            studied.earlyStopping(),
            studied.headEpochs(),
            studied.calibrateHead());
    ValidationCurve curve = new ValidationCurve(context.progress());
    long t0 = System.nanoTime();
    Run run;
    try (StageOutcome outcome =
        Stages.finetune(NetworkCopy.of(warmed), config, DistillationConfig.NONE, null)
            .run(context.withProgress(curve))) {
      ModelMetrics m = outcome.metrics();
      run =
          new Run(
              optimizer.algorithm().wireName(),
              optimizer.learningRate(),
              curve.percents(),
              bestEpoch(curve.percents(), 100 * m.validationAccuracy(), startValidation),
              100 * m.validationAccuracy(),
              100 * m.testAccuracy(),
              m.testLoss(),
              (System.nanoTime() - t0) / 1e9,
              null);
    } catch (TrainingDivergedException e) {
      run =
          new Run(
              optimizer.algorithm().wireName(),
              optimizer.learningRate(),
              curve.percents(),
              -1,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              (System.nanoTime() - t0) / 1e9,
              e.getMessage());
    }
    System.err.printf(
        Locale.ROOT,
        "%s %.0e: %s; validation by epoch %s%n",
        run.optimizer(),
        run.learningRate(),
        run.failure() != null
            ? run.failure()
            : String.format(
                Locale.ROOT,
                "best epoch %d, validation %.2f%%, test %.2f%%, test loss %.4f",
                run.bestEpoch(),
                run.validationAccuracy(),
                run.testAccuracy(),
                run.testLoss()),
        percents(run.validationByEpoch()));
    return run;
  }

  private static final int PROBE_EXAMPLES = 8192;

  /**
   * Fits the read-out again to the logits it gives now, on the first training examples, with the
   * given ridge: the least-squares fit at imitation's small ridge may lean hard on feature
   * directions that hardly vary, and a large read-out weight multiplies every gradient below it.
   */
  private static Refit refitReadout(Network network, DatasetSplits data, double ridge) {
    onFirstTrainingExamples(network, data, x -> refitReadout(network, x, ridge));
    try (DeviceSplit validation =
            DeviceSplit.upload(
                data.validation(), network.architecture().inputShape(), Device.cpu());
        DeviceSplit test =
            DeviceSplit.upload(data.test(), network.architecture().inputShape(), Device.cpu())) {
      Evaluation v = Evaluation.of(network, validation);
      Evaluation t = Evaluation.of(network, test);
      List<Double> norms = largestSingularValues(network);
      Refit refit =
          new Refit(
              ridge,
              Math.min(PROBE_EXAMPLES, data.train().size()),
              100 * v.accuracy(),
              100 * t.accuracy(),
              t.loss(),
              norms.get(norms.size() - 1));
      System.err.println("read-out fitted again: " + refit);
      return refit;
    }
  }

  /**
   * Rescales every hidden unit of an MLP so that its output varies with a standard deviation of 1
   * over the first training examples, moving the scale into the next affine map's column: the
   * network computes the same function (ReLU is positively homogeneous, unit by unit), but a unit
   * whose output hardly varies no longer needs a large weight above it to be heard.
   */
  private static void balanceUnits(Network network, DatasetSplits data) {
    onFirstTrainingExamples(network, data, x -> balanceUnits(network, x));
  }

  /** As above, on the examples {@code x}; a unit that does not vary keeps its scale. */
  static void balanceUnits(Network network, NDArray x) {
    if (!(network.architecture() instanceof MlpArchitecture)) {
      // elsewhere a unit's scale passes through normalisation or a residual sum, not one map
      throw new IllegalArgumentException(
          "--balance-units rescales MLP units only, not " + network.architecture());
    }
    int layers = network.layerCount();
    List<float[]> deviations = new ArrayList<>();
    ParameterStore store = new ParameterStore(network.manager(), false);
    NDArray h = x;
    for (int i = 0; i < layers; i++) {
      h = network.forwardLayer(store, i, h, false);
      NDArray mean = h.mean(new int[] {0}, true);
      deviations.add(h.sub(mean).square().mean(new int[] {0}).sqrt().toFloatArray());
    }
    for (int i = 0; i < layers; i++) {
      float[] s = deviations.get(i);
      Linear below = network.firstAffine(i);
      Linear above = i + 1 < layers ? network.firstAffine(i + 1) : network.readout();
      scaleRows(below, s);
      scaleColumns(above, s);
    }
  }

  /**
   * Rescales an MLP's affine maps so that every weight matrix, the read-out's included, has the
   * same Frobenius norm (their geometric mean), carrying each scale into the biases above it: the
   * same function (ReLU is positively homogeneous and the scales multiply to 1), but no layer is
   * left with weights so small that a step of the optimiser's size is a large change to them, or so
   * large that it amplifies every change below. Gradient flow keeps the differences between the
   * layers' squared norms constant, so a network trained from its initialisation stays about this
   * balanced; one built by imitation need not be.
   */
  static void equaliseLayers(Network network) {
    if (!(network.architecture() instanceof MlpArchitecture)) {
      throw new IllegalArgumentException(
          "--equalise-layers rescales MLP layers only, not " + network.architecture());
    }
    int layers = network.layerCount();
    List<Linear> maps = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      maps.add(network.firstAffine(i));
    }
    maps.add(network.readout());
    double[] norms = new double[maps.size()];
    double logMean = 0;
    for (int k = 0; k < norms.length; k++) {
      try (NDArray norm = maps.get(k).getParameters().get("weight").getArray().norm()) {
        norms[k] = norm.getFloat();
      }
      if (!(norms[k] > 0)) {
        // a zero map cuts the network: no rescaling keeps a function that does not depend on it
        throw new IllegalStateException("affine map " + k + " has no weight to rescale");
      }
      logMean += Math.log(norms[k]) / norms.length;
    }
    double target = Math.exp(logMean);
    double cumulative = 1;
    for (int k = 0; k < norms.length; k++) {
      double scale = target / norms[k];
      cumulative *= scale;
      maps.get(k).getParameters().get("weight").getArray().muli((float) scale);
      maps.get(k).getParameters().get("bias").getArray().muli((float) cumulative);
    }
  }

  private static void scaleRows(Linear affine, float[] deviations) {
    NDArray weight = affine.getParameters().get("weight").getArray();
    NDArray bias = affine.getParameters().get("bias").getArray();
    int columns = Math.toIntExact(weight.getShape().get(1));
    float[] w = weight.toFloatArray();
    float[] b = bias.toFloatArray();
    for (int r = 0; r < b.length; r++) {
      float scale = deviations[r] > 0 ? 1 / deviations[r] : 1;
      for (int c = 0; c < columns; c++) {
        w[r * columns + c] *= scale;
      }
      b[r] *= scale;
    }
    weight.set(w);
    bias.set(b);
  }

  private static void scaleColumns(Linear affine, float[] deviations) {
    NDArray weight = affine.getParameters().get("weight").getArray();
    int columns = Math.toIntExact(weight.getShape().get(1));
    float[] w = weight.toFloatArray();
    for (int i = 0; i < w.length; i++) {
      float deviation = deviations[i % columns];
      w[i] *= deviation > 0 ? deviation : 1;
    }
    weight.set(w);
  }

  /** As above, on the examples {@code x}. */
  static void refitReadout(Network network, NDArray x, double ridge) {
    ParameterStore store = new ParameterStore(network.manager(), false);
    NDArray h = x;
    for (int i = 0; i < network.layerCount(); i++) {
      h = network.forwardLayer(store, i, h, false);
    }
    NDArray features = network.headFeatures(store, h, false);
    NDArray logits =
        network.readout().forward(store, new NDList(features), false).singletonOrThrow();
    AffineFit.fit(network.readout(), features, logits, ridge, x.getManager());
  }

  /** Runs {@code use} on the first {@link #PROBE_EXAMPLES} training examples. */
  private static void onFirstTrainingExamples(
      Network network, DatasetSplits data, Consumer<NDArray> use) {
    try (DeviceSplit train =
            DeviceSplit.upload(data.train(), network.architecture().inputShape(), Device.cpu());
        NDManager scope = network.manager().newSubManager()) {
      use.accept(train.featureRange(0, Math.min(PROBE_EXAMPLES, train.size()), scope));
    }
  }

  /** The journal's SCRATCH run with the best validation accuracy, or null when it holds none. */
  private static Path bestScratch(Path seedFolder) throws IOException {
    Path best = null;
    double bestAccuracy = -1;
    try (var runs = Files.list(seedFolder)) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("SCRATCH")).toList()) {
        double accuracy =
            JSON.readTree(Files.readString(run.resolve("run.json")))
                .get("metrics")
                .get("validationAccuracy")
                .asDouble();
        if (accuracy > bestAccuracy) {
          best = run;
          bestAccuracy = accuracy;
        }
      }
    }
    return best;
  }

  /**
   * Each layer's and the read-out's weight matrices, in order, by their largest singular value: how
   * much a layer can stretch what it receives, which bounds how far a small change below it travels
   * up the network.
   */
  static List<Double> largestSingularValues(Network network) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < network.layerCount(); i++) {
      blocks.add(network.layer(i));
    }
    blocks.add(network.readout());
    List<Double> values = new ArrayList<>();
    for (Block block : blocks) {
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        NDArray weight = parameter.getValue().getArray();
        if (parameter.getKey().endsWith("weight") && weight.getShape().dimension() == 2) {
          values.add(largestSingularValue(weight));
        }
      }
    }
    return values;
  }

  /** By power iteration on W^T W, in double precision. */
  static double largestSingularValue(NDArray weight) {
    int rows = (int) weight.getShape().get(0);
    int columns = (int) weight.getShape().get(1);
    float[] w = weight.toFloatArray();
    double[] v = new double[columns];
    java.util.Arrays.fill(v, 1 / Math.sqrt(columns));
    double sigma = 0;
    for (int iteration = 0; iteration < 200; iteration++) {
      double[] u = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          u[r] += w[r * columns + c] * v[c];
        }
      }
      double[] next = new double[columns];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          next[c] += w[r * columns + c] * u[r];
        }
      }
      double norm = 0;
      for (double x : next) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return 0;
      }
      for (int c = 0; c < columns; c++) {
        v[c] = next[c] / norm;
      }
      sigma = Math.sqrt(norm);
    }
    return sigma;
  }

  /**
   * The epoch whose model was kept: 0 when it is the starting network, else the first epoch with
   * the kept validation accuracy (a later epoch replaces the kept one only when it is better).
   */
  static int bestEpoch(List<Double> byEpoch, double kept, double start) {
    if (Math.abs(kept - start) < 1e-9) {
      return 0;
    }
    for (int i = 0; i < byEpoch.size(); i++) {
      if (Math.abs(byEpoch.get(i) - kept) < 1e-9) {
        return i + 1;
      }
    }
    return 0;
  }

  private static String percents(List<Double> values) {
    return String.join(
        ", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }

  private static void write(Options o, Result result) {
    try {
      Files.createDirectories(o.out.toAbsolutePath().getParent());
      Files.writeString(Path.of(o.out + ".json"), JSON.writeValueAsString(result));
      Files.writeString(Path.of(o.out + ".md"), markdown(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the page of a probe's result file again, beside it, from what the file holds. */
  static void render(Path resultFile) throws IOException {
    Result result = ResultJson.read(resultFile, Result.class);
    String name = resultFile.getFileName().toString().replaceFirst("\\.json$", "");
    Files.writeString(resultFile.resolveSibling(name + ".md"), markdown(result));
  }

  static String markdown(Result r) {
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "# Fine-tuning probe: %s, seed %d%n%nWritten by `dev.taper.bench.FinetuneProbe`"
                    + " on %s, from the imitated network in `%s`. WARMED: validation %.2f%%,"
                    + " test %.2f%%, test loss %.4f. %s.%n%n"
                    + "| Optimiser | Rate | Best epoch | Validation %% | Test %% | Test loss |"
                    + " Validation %% by epoch |%n|---|---:|---:|---:|---:|---:|---|%n",
                r.spec(),
                r.seed(),
                r.machine().summary(),
                r.journal(),
                r.warmedValidationAccuracy(),
                r.warmedTestAccuracy(),
                r.warmedTestLoss(),
                Character.toUpperCase(r.how_read().charAt(0)) + r.how_read().substring(1)));
    for (Run run : r.runs()) {
      md.append(
          run.failure() != null
              ? String.format(
                  Locale.ROOT,
                  "| %s | %.0e | failed: %s | | | | %s |%n",
                  run.optimizer(),
                  run.learningRate(),
                  run.failure(),
                  percents(run.validationByEpoch()))
              : String.format(
                  Locale.ROOT,
                  "| %s | %.0e | %d | %.2f | %.2f | %.4f | %s |%n",
                  run.optimizer(),
                  run.learningRate(),
                  run.bestEpoch(),
                  run.validationAccuracy(),
                  run.testAccuracy(),
                  run.testLoss(),
                  percents(run.validationByEpoch())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nLargest singular value of each weight matrix, layer 0 first, the read-out last:%n%n"
                + "- WARMED: %s%n",
            percents(r.warmedLargestSingularValues())));
    if (r.startLargestSingularValues() != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- WARMED as changed below, where fine-tuning starts: %s%n",
              percents(r.startLargestSingularValues())));
    }
    if (r.scratchRun() != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- SCRATCH (%s, the journal's best by validation): %s%n",
              r.scratchRun(),
              percents(r.scratchLargestSingularValues())));
    }
    if (r.unitsBalanced()) {
      md.append(
          "\nBefore fine-tuning, every hidden unit was rescaled to a standard deviation of 1 on the"
              + " first training examples, the scale moved into the next layer's weights (the same"
              + " function, so the same accuracy as WARMED).\n");
    }
    if (r.layersEqualised()) {
      md.append(
          "\nBefore fine-tuning, every weight matrix, the read-out's included, was rescaled to the"
              + " same Frobenius norm (their geometric mean), each scale carried into the biases"
              + " above it (the same function, so the same accuracy as WARMED).\n");
    }
    if (r.refit() != null) {
      Refit f = r.refit();
      md.append(
          String.format(
              Locale.ROOT,
              "%nBefore fine-tuning, the read-out was fitted again to its own logits on %,d training"
                  + " examples with a ridge of %.0e of the features' mean variance: validation"
                  + " %.2f%%, test %.2f%%, test loss %.4f, read-out's largest singular value %.2f"
                  + " (the WARMED figures above are the imitated network's, before the refit).%n",
              f.examples(),
              f.relativeRidge(),
              f.validationAccuracy(),
              f.testAccuracy(),
              f.testLoss(),
              f.readoutLargestSingularValue()));
    }
    return md.toString();
  }

  private record Options(
      Path journal,
      long seed,
      List<String> runs,
      double refitRidge,
      boolean balanceUnits,
      boolean equaliseLayers,
      Path out) {

    static Options parse(String[] args) {
      Path journal = null;
      long seed = 1;
      List<String> runs = List.of("adam:1e-4");
      double refitRidge = 0;
      boolean balanceUnits = false;
      boolean equaliseLayers = false;
      Path out = null;
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--journal" -> journal = Path.of(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--runs" -> runs = List.of(value.split(","));
          case "--refit-readout" -> refitRidge = Double.parseDouble(value);
          case "--balance-units" -> balanceUnits = Boolean.parseBoolean(value);
          case "--equalise-layers" -> equaliseLayers = Boolean.parseBoolean(value);
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (journal == null || out == null || args.length % 2 != 0) {
        throw new IllegalArgumentException(
            "usage: FinetuneProbe --journal RESULT.journal --seed S --runs adam:1e-4,sgd:1e-2"
                + " [--refit-readout RIDGE] [--balance-units true] [--equalise-layers true]"
                + " --out PATH");
      }
      return new Options(journal, seed, runs, refitRidge, balanceUnits, equaliseLayers, out);
    }

    /** Each {@code name:rate}, on the study's schedule, weight decay and warm-up. */
    List<OptimizerConfig> optimizers(OptimizerConfig studied) {
      return runs.stream()
          .map(
              run -> {
                String[] parts = run.split(":");
                if (parts.length != 2) {
                  throw new IllegalArgumentException(
                      "a run is optimiser:rate, e.g. sgd:1e-2, not " + run);
                }
                Optimizer algorithm =
                    WireName.parse(Optimizer.class, parts[0])
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "unknown optimiser "
                                        + parts[0]
                                        + "; one of "
                                        + WireName.allOf(Optimizer.class)));
                return new OptimizerConfig(
                    algorithm,
                    Double.parseDouble(parts[1]),
                    studied.weightDecay(),
                    studied.schedule(),
                    studied.warmupSteps());
              })
          .toList();
    }
  }
}
