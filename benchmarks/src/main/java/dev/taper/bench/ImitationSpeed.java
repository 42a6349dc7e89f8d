package dev.taper.bench;

import ai.djl.Device;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.LabeledData;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.SpecDefaults;
import dev.taper.spec.StageConfigs;
import dev.taper.training.ImitationConfig;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.StageContext;
import dev.taper.training.StageOutcome;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.imitation.Imitation;
import dev.taper.training.loop.DeviceSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much an imitation example costs against a supervised one, on a study's own networks: the
 * joint and progressive imitation stages and the engine's supervised loop each pass the same number
 * of examples through the same thin network, in one process, interleaved run by run, and the result
 * is each stage's rate and its ratio to the supervised rate.
 *
 * <p>Speed does not depend on what the examples hold, so the data are synthetic (the study's
 * example shape and classes) and the teacher is the widened network as initialised: the benchmark
 * needs no dataset and no trained model. A stage is timed whole, its fits, merge and evaluation
 * included, as a user waits for it; the evaluation sets are kept small so the steps dominate.
 */
public final class ImitationSpeed {

  private static final long[] IMAGE = {1, 28, 28};
  private static final int CLASSES = 10;
  private static final int TRAIN_EXAMPLES = 8192;
  private static final int HELD_OUT_EXAMPLES = 512;

  private ImitationSpeed() {}

  public static void main(String[] args) throws IOException {
    ImitationSpeedSettings settings =
        CommandLine.parseOrExit(args, ImitationSpeedSettings::parse, ImitationSpeedSettings.USAGE);
    ImitationSpeedResult result = measure(settings);
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    Files.writeString(settings.out(), ResultJson.write(result));
    Files.writeString(settings.markdown(), ImitationSpeedMarkdown.render(result));
    System.out.println(ImitationSpeedMarkdown.table(result));
    System.out.println("wrote " + settings.out() + " and " + settings.markdown());
    System.exit(0);
  }

  static ImitationSpeedResult measure(ImitationSpeedSettings settings) {
    Machine machine = Machine.describe();
    log("machine: " + machine.summary());
    ExperimentSpec spec = SpecDefaults.resolve(StudyCommand.readSpec(settings.spec()));
    DatasetSplits data = synthetic();
    StageConfigs configs = StageConfigs.from(spec, data.train().size());
    Architecture thin = configs.thin(IMAGE, CLASSES);
    int steps = settings.stepsPerLayer();
    ImitationConfig joint = steps(configs.imitation(), ImitationSchedule.JOINT, steps);
    ImitationConfig progressive = steps(configs.imitation(), ImitationSchedule.PROGRESSIVE, steps);
    long examples =
        (long) settings.stepsPerLayer() * (thin.imitationLayers() + 1) * joint.batchSize();
    TrainConfig supervised =
        new TrainConfig(
            examples / (double) data.train().size(),
            joint.batchSize(),
            configs.finetune().optimizer());
    StageContext context = StageContext.of(data, spec.seed(), Device.cpu());
    List<ImitationSpeedResult.Run> supervisedRuns = new ArrayList<>();
    List<ImitationSpeedResult.Run> jointRuns = new ArrayList<>();
    List<ImitationSpeedResult.Run> progressiveRuns = new ArrayList<>();
    try (Network teacher =
            ModelFamilies.build(thin.widen(spec.widenFactor()), spec.seed(), Device.cpu());
        Network student = ModelFamilies.build(thin, spec.seed(), Device.cpu());
        DeviceSplit train = DeviceSplit.upload(data.train(), thin.inputShape(), Device.cpu())) {
      log("warm-up: one step a layer of each");
      EngineTraining.once(
          "SUPERVISED",
          supervised.withEpochs(supervised.epochs() / steps),
          student,
          train,
          context);
      imitate(thin, steps(joint, ImitationSchedule.JOINT, 1), teacher, context);
      imitate(thin, steps(progressive, ImitationSchedule.PROGRESSIVE, 1), teacher, context);
      for (int run = 1; run <= settings.runs(); run++) {
        Timed.Rate rate = EngineTraining.once("SUPERVISED", supervised, student, train, context);
        supervisedRuns.add(new ImitationSpeedResult.Run(rate, rate.wall()));
        jointRuns.add(imitate(thin, joint, teacher, context));
        progressiveRuns.add(imitate(thin, progressive, teacher, context));
        log("run " + run + "/" + settings.runs() + " done");
      }
    }
    return new ImitationSpeedResult(
        OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        machine,
        spec.name(),
        thin.family(),
        thin.imitationLayers(),
        thin.parameterCount(),
        spec.widenFactor(),
        settings.stepsPerLayer(),
        joint.batchSize(),
        examples,
        ImitationSpeedResult.UNITS,
        ImitationSpeedResult.kinds(supervisedRuns, jointRuns, progressiveRuns));
  }

  /** One imitation stage's examples per second, timed whole and by its own training loop. */
  private static ImitationSpeedResult.Run imitate(
      Architecture thin, ImitationConfig config, Network teacher, StageContext context) {
    long[] examples = new long[1];
    double[] steps = new double[1];
    Timed timed =
        Timed.of(
            () -> {
              try (StageOutcome warmed = Imitation.stage(thin, config, teacher).run(context)) {
                examples[0] = warmed.metrics().thinExamplesSeen();
                steps[0] = warmed.metrics().samplesPerSecond();
              }
            });
    return new ImitationSpeedResult.Run(timed.rate(examples[0]), steps[0]);
  }

  private static ImitationConfig steps(
      ImitationConfig c, ImitationSchedule schedule, int stepsPerLayer) {
    return new ImitationConfig(
        stepsPerLayer,
        schedule,
        c.loss(),
        c.lowerLayerLrScale(),
        c.batchSize(),
        c.optimizer(),
        c.headLoss(),
        c.headTemperature(),
        c.copySameShape(),
        c.tokens(),
        c.conditioning(),
        c.logitsWeight(),
        c.jumpRecovery(),
        c.layerInit());
  }

  /** Pseudo-random images of the study's shape, the same every run. */
  static DatasetSplits synthetic() {
    SplittableRandom random = new SplittableRandom(0);
    return new DatasetSplits(
        "synthetic",
        "none",
        images(TRAIN_EXAMPLES, random),
        images(HELD_OUT_EXAMPLES, random),
        images(HELD_OUT_EXAMPLES, random));
  }

  private static LabeledData images(int n, SplittableRandom random) {
    int size = (int) (IMAGE[0] * IMAGE[1] * IMAGE[2]);
    float[] features = new float[n * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < size; f++) {
        features[i * size + f] = (float) random.nextDouble();
      }
      labels[i] = random.nextInt(CLASSES);
    }
    return new LabeledData(features, labels, IMAGE, CLASSES);
  }

  private static void log(String message) {
    System.err.println("[imitation-speed] " + message);
  }
}
