package dev.taper.training;

import static dev.taper.training.EngineFixtures.THIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.EngineFixtures.RecordingCheckpoints;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SupervisedStagesTest {

  private static final TrainConfig SHORT =
      new TrainConfig(3, 32, OptimizerConfig.ADAM_DEFAULT.withLearningRate(2e-3));

  @Test
  void sameSeedSameDataSameSpecGiveTheSameWideWeights() {
    List<float[]> first;
    try (StageOutcome run = Stages.wide(THIN, 4, SHORT).run(EngineFixtures.context())) {
      first = EngineFixtures.parameterValues(run.network());
    }
    try (StageOutcome again = Stages.wide(THIN, 4, SHORT).run(EngineFixtures.context())) {
      List<float[]> second = EngineFixtures.parameterValues(again.network());
      assertThat(second).hasSameSizeAs(first);
      for (int i = 0; i < first.size(); i++) {
        assertThat(second.get(i)).as("parameter %d", i).containsExactly(first.get(i));
      }
    }
  }

  @Test
  void wideModelLearnsAndReportsItsCosts() {
    StageOutcome wide = EngineFixtures.teacher();
    ModelMetrics m = wide.metrics();
    assertThat(m.testAccuracy()).isGreaterThan(0.6);
    assertThat(m.parameterCount()).isEqualTo(THIN.widen(EngineFixtures.WIDEN).parameterCount());
    assertThat(m.flopsPerExample()).isEqualTo(THIN.widen(EngineFixtures.WIDEN).flopsPerExample());
    assertThat(m.sizeBytes()).isGreaterThan(4 * m.parameterCount());
    assertThat(m.wallSeconds()).isPositive();
    assertThat(m.samplesPerSecond()).isPositive();
    assertThat(m.validationAccuracy()).isBetween(0.0, 1.0);
  }

  @Test
  void baselinesAndFinetuningTrainTheThinArchitecture() {
    Network teacher = EngineFixtures.teacher().network();
    DistillationConfig kd = new DistillationConfig(0.5, 4.0);
    try (StageOutcome scratch = Stages.scratch(THIN, SHORT).run(EngineFixtures.context());
        StageOutcome distilled =
            Stages.knowledgeDistillation(THIN, SHORT, kd, teacher).run(EngineFixtures.context());
        StageOutcome deeper = Stages.deeper(THIN, SHORT).run(EngineFixtures.context())) {
      assertThat(scratch.metrics().testAccuracy()).isGreaterThan(0.5);
      assertThat(distilled.metrics().testAccuracy()).isGreaterThan(0.5);
      assertThat(deeper.metrics().parameterCount()).isEqualTo(THIN.deepen(2).parameterCount());
      assertThat(scratch.metrics().parameterCount()).isEqualTo(THIN.parameterCount());
    }
    StageOutcome warmed =
        Stages.imitate(THIN, EngineFixtures.imitation(20), teacher).run(EngineFixtures.context());
    double warmedAccuracy = warmed.metrics().testAccuracy();
    try (StageOutcome thin =
        Stages.finetune(warmed.network(), SHORT, new DistillationConfig(0.3, 4.0), teacher)
            .run(EngineFixtures.context())) {
      assertThat(thin.network()).isSameAs(warmed.network());
      assertThat(thin.metrics().testAccuracy()).isGreaterThan(warmedAccuracy - 0.05);
      assertThat(thin.metrics().parameterCount()).isEqualTo(THIN.parameterCount());
    }
  }

  @Test
  void headEpochsTrainTheHeadAloneBeforeEverything() {
    TrainConfig headFirst = SHORT.withHeadEpochs(1);
    long headSteps = headFirst.headSteps(EngineFixtures.data().train().size());
    Network network = ModelFamilies.build(THIN, 5, Device.cpu());
    Set<Parameter> head = Collections.newSetFromMap(new IdentityHashMap<>());
    head.addAll(network.headParameters());
    List<float[]> before = EngineFixtures.parameterValues(network);
    List<List<float[]>> afterHeadPhase = new CopyOnWriteArrayList<>();
    List<Progress> reports = new CopyOnWriteArrayList<>();
    StageContext context =
        EngineFixtures.context()
            .withProgress(
                p -> {
                  reports.add(p);
                  // every phase reports its last step: the head phase has just ended
                  if (p.phase().equals("head") && p.step() == headSteps) {
                    afterHeadPhase.add(EngineFixtures.parameterValues(network));
                  }
                });
    try (StageOutcome thin =
        Stages.finetune(network, headFirst, DistillationConfig.NONE, null).run(context)) {
      assertThat(afterHeadPhase).isNotEmpty();
      List<Parameter> parameters = network.parameters();
      List<float[]> after = EngineFixtures.parameterValues(network);
      for (int i = 0; i < parameters.size(); i++) {
        if (head.contains(parameters.get(i))) {
          assertThat(afterHeadPhase.get(0).get(i))
              .as("head parameter %d", i)
              .isNotEqualTo(before.get(i));
        } else {
          assertThat(afterHeadPhase.get(0).get(i))
              .as("frozen parameter %d", i)
              .containsExactly(before.get(i));
          assertThat(after.get(i))
              .as("trunk parameter %d at the end", i)
              .isNotEqualTo(before.get(i));
        }
      }
      assertThat(reports)
          .allSatisfy(
              p -> assertThat(p.phase()).isEqualTo(p.step() <= headSteps ? "head" : "train"));
      assertThat(thin.metrics().testAccuracy()).isGreaterThan(0.5);
    }
  }

  @Test
  void fineTuningWithEarlyStoppingGivesBackTheWarmedNetworkWhenEveryEpochLosesAccuracy() {
    Network teacher = EngineFixtures.teacher().network();
    // a rate far too high for this network: fine-tuning only loses what imitation built
    TrainConfig harsh = new TrainConfig(2, 32, OptimizerConfig.ADAM_DEFAULT.withLearningRate(0.1));
    TrainConfig harshKeepingTheBest = harsh.withEarlyStopping(new EarlyStopping(2, 0));
    try (StageOutcome warmed =
            Stages.imitate(THIN, EngineFixtures.imitation(20), teacher)
                .run(EngineFixtures.context());
        StageOutcome warmedAgain =
            Stages.imitate(THIN, EngineFixtures.imitation(20), teacher)
                .run(EngineFixtures.context())) {
      double start = warmed.metrics().validationAccuracy();
      List<float[]> before = EngineFixtures.parameterValues(warmed.network());
      try (StageOutcome lastEpoch =
          Stages.finetune(warmedAgain.network(), harsh, DistillationConfig.NONE, null)
              .run(EngineFixtures.context())) {
        assertThat(lastEpoch.metrics().validationAccuracy())
            .as("the rate loses accuracy when nothing keeps the best")
            .isLessThan(start);
      }
      try (StageOutcome kept =
          Stages.finetune(warmed.network(), harshKeepingTheBest, DistillationConfig.NONE, null)
              .run(EngineFixtures.context())) {
        assertThat(kept.metrics().validationAccuracy()).isEqualTo(start);
        List<float[]> after = EngineFixtures.parameterValues(kept.network());
        for (int i = 0; i < before.size(); i++) {
          assertThat(after.get(i)).as("parameter %d", i).containsExactly(before.get(i));
        }
      }
    }
  }

  @Test
  void aCalibratedFineTuningReportsTheTemperatureItFoldedIntoTheReadout() {
    Network teacher = EngineFixtures.teacher().network();
    try (StageOutcome warmed =
            Stages.imitate(THIN, EngineFixtures.imitation(20), teacher)
                .run(EngineFixtures.context());
        StageOutcome warmedAgain =
            Stages.imitate(THIN, EngineFixtures.imitation(20), teacher)
                .run(EngineFixtures.context());
        StageOutcome calibrated =
            Stages.finetune(
                    warmed.network(), SHORT.withCalibrateHead(true), DistillationConfig.NONE, null)
                .run(EngineFixtures.context());
        StageOutcome uncalibrated =
            Stages.finetune(warmedAgain.network(), SHORT, DistillationConfig.NONE, null)
                .run(EngineFixtures.context());
        StageOutcome scratch = Stages.scratch(THIN, SHORT).run(EngineFixtures.context())) {
      assertThat(calibrated.metrics().headTemperature()).isFinite().isPositive().isNotEqualTo(1);
      assertThat(uncalibrated.metrics().headTemperature()).isNaN();
      assertThat(warmed.metrics().headTemperature()).isNaN();
      assertThat(scratch.metrics().headTemperature()).isNaN();
      assertThat(scratch.metrics().inactiveUnitsPerLayer())
          .hasSize(scratch.network().layerCount())
          .allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
      assertThat(warmed.metrics().inactiveUnitsPerLayer()).hasSize(THIN.depth());
    }
  }

  @Test
  void everyStageCountsWhatItsTrainingCost() {
    StageOutcome wide = EngineFixtures.teacher();
    long wideForward = wide.network().architecture().flopsPerExample();
    assertThat(wide.metrics().trainingFlops())
        .isEqualTo(3.0 * wideForward * wide.metrics().thinExamplesSeen());
    long thin = THIN.flopsPerExample();
    long head = THIN.headFlopsPerExample();
    TrainConfig headFirst = SHORT.withHeadEpochs(1);
    long headExamples = headFirst.headSteps(EngineFixtures.data().train().size()) * 32L;
    int calibrationExamples = Math.min(8192, EngineFixtures.data().train().size());
    try (StageOutcome distilled =
            Stages.knowledgeDistillation(
                    THIN, SHORT, new DistillationConfig(0.5, 4), wide.network())
                .run(EngineFixtures.context());
        StageOutcome headTrainedFirst =
            Stages.finetune(
                    ModelFamilies.build(THIN, 5, Device.cpu()),
                    headFirst,
                    DistillationConfig.NONE,
                    null)
                .run(EngineFixtures.context());
        StageOutcome calibrated =
            Stages.finetune(
                    ModelFamilies.build(THIN, 5, Device.cpu()),
                    SHORT.withCalibrateHead(true),
                    DistillationConfig.NONE,
                    null)
                .run(EngineFixtures.context())) {
      // each example: the thin network trained, the teacher's logits read
      assertThat(distilled.metrics().trainingFlops())
          .isEqualTo((3.0 * thin + wideForward) * distilled.metrics().thinExamplesSeen());
      // the head-only phase runs the frozen body forward and trains the head alone
      long after = headTrainedFirst.metrics().thinExamplesSeen() - headExamples;
      assertThat(headTrainedFirst.metrics().trainingFlops())
          .isEqualTo((thin - head + 3.0 * head) * headExamples + 3.0 * thin * after);
      // calibrating the read-out first is a forward pass over its examples
      assertThat(calibrated.metrics().trainingFlops())
          .isEqualTo(
              3.0 * thin * calibrated.metrics().thinExamplesSeen()
                  + (double) thin * calibrationExamples);
    }
  }

  @Test
  void withEarlyStoppingALastPartialEpochIsMeasuredAndCanBeKept() {
    TrainConfig partial =
        new TrainConfig(1.5, 32, OptimizerConfig.ADAM_DEFAULT.withLearningRate(2e-3))
            .withEarlyStopping(new EarlyStopping(5, 0));
    Map<Integer, Double> reported = new ConcurrentHashMap<>();
    try (StageOutcome scratch =
        Stages.scratch(THIN, partial)
            .run(EngineFixtures.context().withProgress(validationsInto(reported)))) {
      assertThat(reported).containsOnlyKeys(0, 1);
      double best = Math.max(reported.get(0), reported.get(1));
      assertThat(scratch.metrics().validationAccuracy()).isEqualTo(best);
    }
  }

  @Test
  void withoutEarlyStoppingTheLastReportIsTheNetworkTheStageEndsWith() {
    TrainConfig partial =
        new TrainConfig(1.5, 32, OptimizerConfig.ADAM_DEFAULT.withLearningRate(2e-3));
    Map<Integer, Double> reported = new ConcurrentHashMap<>();
    try (StageOutcome scratch =
        Stages.scratch(THIN, partial)
            .run(EngineFixtures.context().withProgress(validationsInto(reported)))) {
      assertThat(reported).containsOnlyKeys(0, 1);
      assertThat(scratch.metrics().validationAccuracy()).isEqualTo(reported.get(1));
    }
  }

  private static ProgressListener validationsInto(Map<Integer, Double> reported) {
    return new ProgressListener() {
      @Override
      public void onProgress(Progress progress) {}

      @Override
      public void onValidation(int epoch, double accuracy) {
        reported.put(epoch, accuracy);
      }
    };
  }

  @Test
  void headStepsAreAPartOfTheBudgetNeverAllOfIt() {
    TrainConfig config = new TrainConfig(2, 10, OptimizerConfig.ADAM_DEFAULT);
    assertThat(config.headSteps(100)).isZero();
    assertThat(config.withHeadEpochs(0.5).headSteps(100)).isEqualTo(5);
    assertThat(config.withHeadEpochs(0.001).headSteps(100)).isEqualTo(1);
    assertThat(config.withHeadEpochs(1.999).headSteps(100)).isEqualTo(19);
    assertThat(config.withHeadEpochs(0.5).withEpochs(3).headEpochs()).isEqualTo(0.5);
    assertThatThrownBy(() -> config.withHeadEpochs(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headEpochs must be >= 0 and below epochs");
    assertThatThrownBy(() -> config.withHeadEpochs(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResumedStageEndsExactlyWhereAnUninterruptedOneDoes() {
    int saved = assertResumeMatches(() -> Stages.wide(THIN, 4, SHORT), 77);
    // a checkpoint after every step before the interruption
    assertThat(saved).isEqualTo(77);
  }

  @Test
  void aResumedImitationEndsExactlyWhereAnUninterruptedOneDoes() {
    Network teacher = EngineFixtures.teacher().network();
    ImitationConfig config = EngineFixtures.imitation(15);
    int saved = assertResumeMatches(() -> Stages.imitate(THIN, config, teacher), 23);
    assertThat(saved).isPositive();
  }

  @Test
  void aStageHandedBackSavesTheStepItReachedAndTheNextAttemptResumesThere() {
    Network teacher = EngineFixtures.teacher().network();
    ImitationConfig config = EngineFixtures.imitation(15);
    List<Supplier<Stage>> stages =
        List.of(() -> Stages.wide(THIN, 4, SHORT), () -> Stages.imitate(THIN, config, teacher));
    for (Supplier<Stage> stage : stages) {
      List<float[]> uninterrupted;
      AtomicInteger allSteps = new AtomicInteger();
      StageContext counted =
          EngineFixtures.context().withCancellation(() -> allSteps.incrementAndGet() < 0);
      try (StageOutcome run = stage.get().run(counted)) {
        uninterrupted = EngineFixtures.parameterValues(run.network());
      }
      // an hour's timer never comes due: only epoch ends, phase starts and the stop save
      RecordingCheckpoints cancelled = stoppedAfter(stage, 23, false);
      RecordingCheckpoints handedBack = stoppedAfter(stage, 23, true);
      assertThat(lastSavedStep(cancelled)).as("a cancellation saves nothing more").isLessThan(23);
      assertThat(lastSavedStep(handedBack)).as("a hand-back saves where it stopped").isEqualTo(23);

      AtomicInteger stepsLeft = new AtomicInteger();
      StageContext resumed =
          EngineFixtures.context()
              .withCheckpoints(handedBack, Duration.ofHours(1))
              .withCancellation(() -> stepsLeft.incrementAndGet() < 0);
      try (StageOutcome run = stage.get().run(resumed)) {
        List<float[]> values = EngineFixtures.parameterValues(run.network());
        for (int i = 0; i < values.size(); i++) {
          assertThat(values.get(i)).as("parameter %d", i).containsExactly(uninterrupted.get(i));
        }
      }
      assertThat(stepsLeft.get()).as("steps run after resuming").isEqualTo(allSteps.get() - 23);
    }
  }

  @Test
  void aHandBackWhoseSaveFailsStillHandsTheJobBack() {
    AtomicInteger polls = new AtomicInteger();
    CancellationToken stop =
        new CancellationToken() {
          @Override
          public boolean isCancellationRequested() {
            return polls.incrementAndGet() > 23;
          }

          @Override
          public boolean handsBack() {
            return true;
          }
        };
    CheckpointStore unwritable =
        new CheckpointStore() {
          @Override
          public Optional<InputStream> open() {
            return Optional.empty();
          }

          @Override
          public void save(CheckpointStore.Writer writer) {
            if (polls.get() > 23) {
              throw new UncheckedIOException(new IOException("the store is unreachable"));
            }
          }
        };
    StageContext stopped =
        EngineFixtures.context()
            .withCheckpoints(unwritable, Duration.ofHours(1))
            .withCancellation(stop);
    // the earlier checkpoint stands: the job goes back to the queue, no attempt spent on it
    assertThatThrownBy(() -> Stages.wide(THIN, 4, SHORT).run(stopped))
        .isInstanceOf(StageCancelledException.class);
  }

  private static RecordingCheckpoints stoppedAfter(
      Supplier<Stage> stage, int steps, boolean handsBack) {
    RecordingCheckpoints checkpoints = new RecordingCheckpoints();
    AtomicInteger polls = new AtomicInteger();
    CancellationToken stop =
        new CancellationToken() {
          @Override
          public boolean isCancellationRequested() {
            return polls.incrementAndGet() > steps;
          }

          @Override
          public boolean handsBack() {
            return handsBack;
          }
        };
    StageContext stopped =
        EngineFixtures.context()
            .withCheckpoints(checkpoints, Duration.ofHours(1))
            .withCancellation(stop);
    assertThatThrownBy(() -> stage.get().run(stopped)).isInstanceOf(StageCancelledException.class);
    return checkpoints;
  }

  private static long lastSavedStep(RecordingCheckpoints checkpoints) {
    if (checkpoints.saved.isEmpty()) {
      return 0;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      return Checkpoint.decode(checkpoints.saved.get(checkpoints.saved.size() - 1), manager)
          .position()
          .step();
    }
  }

  /**
   * Runs the stage uninterrupted, then again cancelled after {@code steps} steps with a checkpoint
   * after every step, then resumes it; the resumed run must end bit for bit where the uninterrupted
   * one did.
   */
  static int assertResumeMatches(Supplier<Stage> stage, int steps) {
    List<float[]> uninterrupted;
    double uninterruptedFlops;
    try (StageOutcome run = stage.get().run(EngineFixtures.context())) {
      uninterrupted = EngineFixtures.parameterValues(run.network());
      uninterruptedFlops = run.metrics().trainingFlops();
    }
    RecordingCheckpoints checkpoints = interruptedAfter(stage, steps);
    int saved = checkpoints.saved.size();

    StageContext resumed =
        EngineFixtures.context().withCheckpoints(checkpoints, Duration.ofHours(1));
    try (StageOutcome run = stage.get().run(resumed)) {
      List<float[]> values = EngineFixtures.parameterValues(run.network());
      for (int i = 0; i < values.size(); i++) {
        assertThat(values.get(i)).as("parameter %d", i).containsExactly(uninterrupted.get(i));
      }
      // what was spent before the interruption travels in the checkpoint
      assertThat(run.metrics().trainingFlops()).isPositive().isEqualTo(uninterruptedFlops);
    }
    return saved;
  }

  /** Runs the stage with a checkpoint after every step, cancelled after {@code steps} of them. */
  private static RecordingCheckpoints interruptedAfter(Supplier<Stage> stage, int steps) {
    RecordingCheckpoints checkpoints = new RecordingCheckpoints();
    AtomicInteger polls = new AtomicInteger();
    StageContext interrupted =
        EngineFixtures.context()
            .withCheckpoints(checkpoints, Duration.ZERO)
            .withCancellation(() -> polls.incrementAndGet() > steps);
    assertThatThrownBy(() -> stage.get().run(interrupted))
        .isInstanceOf(StageCancelledException.class);
    return checkpoints;
  }

  @Test
  void aStageResumedFromACheckpointWrittenBeforeTheCountReportsItsCostAsUnknown() {
    RecordingCheckpoints checkpoints = interruptedAfter(() -> Stages.scratch(THIN, SHORT), 5);
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint latest = Checkpoint.decode(checkpoints.saved.get(4), manager);
      Checkpoint.Position p = latest.position();
      // an older engine's header has no count, and reads back as 0
      JsonMapper json = JsonMapper.builder().build();
      String header = json.writeValueAsString(p);
      String older = header.replaceAll(",?\"trainingFlops\":[^,}]+", "");
      assertThat(header).contains("trainingFlops");
      assertThat(older).doesNotContain("trainingFlops");
      assertThat(json.readValue(older, Checkpoint.Position.class).trainingFlops()).isZero();
      Checkpoint.Position uncounted =
          new Checkpoint.Position(
              p.stage(),
              p.step(),
              p.phase(),
              p.phaseStep(),
              p.phaseLosses(),
              p.phaseStartLoss(),
              p.phaseValues(),
              p.elapsedSeconds(),
              0);
      checkpoints.saved.add(
          new Checkpoint(
                  uncounted, latest.parameters(), latest.optimizerState(), latest.phaseArrays())
              .encode());
    }

    StageContext resumed =
        EngineFixtures.context().withCheckpoints(checkpoints, Duration.ofHours(1));
    try (StageOutcome run = Stages.scratch(THIN, SHORT).run(resumed)) {
      assertThat(run.metrics().trainingFlops()).isNaN();
      assertThat(run.metrics().thinExamplesSeen()).isPositive();
    }
  }

  @Test
  void aCheckpointOfAnotherStageIsRefused() {
    RecordingCheckpoints checkpoints = interruptedAfter(() -> Stages.wide(THIN, 4, SHORT), 3);
    StageContext other = EngineFixtures.context().withCheckpoints(checkpoints, Duration.ofHours(1));
    assertThatThrownBy(() -> Stages.scratch(THIN, SHORT).run(other))
        .hasMessageContaining("checkpoint belongs to stage WIDE, not SCRATCH");
  }

  @Test
  void progressCountsStepsTowardsTheTotal() {
    java.util.List<Progress> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    TrainConfig longer = new TrainConfig(6, 64, OptimizerConfig.ADAM_DEFAULT);
    try (StageOutcome ignored =
        Stages.wide(THIN, 4, longer).run(EngineFixtures.context().withProgress(reports::add))) {
      long total = longer.totalSteps(EngineFixtures.data().train().size());
      assertThat(reports).allSatisfy(p -> assertThat(p.totalSteps()).isEqualTo(total));
      assertThat(reports).allSatisfy(p -> assertThat(p.step()).isBetween(1L, total));
    }
  }
}
