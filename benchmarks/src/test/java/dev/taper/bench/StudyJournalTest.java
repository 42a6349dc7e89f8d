package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.PhaseLoss;
import dev.taper.training.StageOutcome;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a study journal keeps, gives back, refuses and discards. */
class StudyJournalTest {

  private static final ModelMetrics METRICS =
      new ModelMetrics(
          0.8123,
          0.5321,
          Double.NaN,
          1234,
          5678,
          9012,
          3.25,
          1500.5,
          64_000,
          7.5e9,
          List.of(0.25, 0.125),
          List.of(new PhaseLoss(1, 2.5, 0.75)),
          Double.NaN,
          1.75,
          List.of(0.0, 0.375));

  private static final RunRecipe RECIPE = RunRecipe.of(Map.of("kind", "SCRATCH", "seed", 5));

  /**
   * Two examples as the MLP reads them (flattened) and as the ResNet does (channel, height, width).
   */
  private static final Shape FLAT = new Shape(2, 784);

  private static final Shape IMAGES = new Shape(2, 1, 28, 28);

  @TempDir Path dir;

  /** The fixtures' test machine with the fields a resume may or may not see change. */
  private static Machine testMachine(
      int cores, String cpuModel, String os, String java, Long maxHeapMib, String loadAverage) {
    Machine m = StudyFixtures.machine();
    return new Machine(
        cores,
        m.cpu(),
        cpuModel,
        os,
        java,
        maxHeapMib,
        m.engine(),
        m.djl(),
        m.device(),
        m.torchIntraOpThreads(),
        m.torchInterOpThreads(),
        m.ompNumThreads(),
        loadAverage,
        m.cpuFlags(),
        m.isaCaps(),
        m.threadEnvironment(),
        m.sourceRevision());
  }

  /** The spec's thin MLP, freshly initialised. */
  private Network mlp() {
    return ModelFamilies.build(
        ModelFamilies.architecture(spec(5).model(), new long[] {1, 28, 28}, 10), 11, Device.cpu());
  }

  @Test
  void aRunComesBackAsItWasRecordedMetricsAndNetwork() {
    try (StudyJournal journal = open(spec(5), false);
        Network network = mlp();
        StageRun trained =
            new StageRun(
                new StageOutcome(network, METRICS), 3.5, List.of(80.5, 82.25), null, false)) {
      journal.record(5, "SCRATCH lr 1e-3", RECIPE, trained);
      journal.close();

      try (StudyJournal reopened = open(spec(5), false);
          StageRun back = reopened.replay(5, "SCRATCH lr 1e-3", RECIPE).orElseThrow()) {
        assertThat(back.metrics()).isEqualTo(METRICS);
        assertThat(back.wallSeconds()).isEqualTo(3.5);
        assertThat(back.replayed()).isTrue();
        assertThat(back.validationByEpoch()).containsExactly(80.5, 82.25);
        assertThat(outputs(back.outcome().network(), FLAT, true))
            .containsExactly(outputs(network, FLAT, true));
        assertThat(reopened.replay(5, "DEEPER lr 1e-3", RECIPE)).isEmpty();
        assertThat(reopened.replay(6, "SCRATCH lr 1e-3", RECIPE)).isEmpty();
        assertThat(reopened.replayed()).isEqualTo(1);
        assertThat(reopened.recordedWallSeconds()).isEqualTo(3.5);
      }
    }
  }

  @Test
  void aRecordWrittenBeforeTheEngineCountedTrainingFlopsReadsBackWithNone() throws Exception {
    Path runFile = dir.resolve("run.json");
    String json =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(
                new StudyJournal.Entry("SCRATCH", 3.5, METRICS, List.of(), null, null));
    Files.writeString(runFile, json.replace("\"trainingFlops\":7.5E9,", ""));
    assertThat(Files.readString(runFile)).doesNotContain("trainingFlops");

    StudyJournal.Entry back = StudyJournal.read(runFile).orElseThrow();

    assertThat(back.metrics().trainingFlops()).isZero();
    assertThat(back.metrics().thinExamplesSeen()).isEqualTo(METRICS.thinExamplesSeen());
  }

  @Test
  void aRecordOfAnotherRecipeIsNotHandedBackSoTheRunTrainsAgain() {
    try (StudyJournal journal = open(spec(5), false);
        Network network = mlp();
        StageRun trained =
            new StageRun(new StageOutcome(network, METRICS), 3.5, List.of(), null, false)) {
      journal.record(5, "SCRATCH", RECIPE, trained);

      RunRecipe otherRate = RunRecipe.of(Map.of("kind", "SCRATCH", "seed", 5, "rate", 3e-3));
      assertThatThrownBy(() -> journal.replay(5, "SCRATCH", otherRate))
          .hasMessageContaining("was recorded for another recipe");
      journal.replay(5, "SCRATCH", RECIPE).orElseThrow().close();
    }
  }

  @Test
  void aKeptJournalOutlivesItsStudy() {
    open(spec(5), false).finish(true);

    assertThat(dir.resolve("study.journal/study.json")).exists();
  }

  @Test
  void aResNetComesBackWithTheBatchNormStatisticsItLearned() {
    long[] shape = {1, 28, 28};
    Architecture resnet =
        ModelFamilies.architecture(ModelFamilies.defaultSpec("resnet"), shape, 10);
    try (StudyJournal journal = open(spec(5), false);
        Network network = ModelFamilies.build(resnet, 11, Device.cpu())) {
      float[] before = outputs(network, IMAGES, false);
      outputs(network, IMAGES, true); // a training-mode pass moves the running statistics
      float[] trained = outputs(network, IMAGES, false);
      assertThat(trained).isNotEqualTo(before);
      try (StageRun run =
          new StageRun(new StageOutcome(network, METRICS), 1.0, List.of(), null, false)) {
        journal.record(5, "WIDE", RECIPE, run);
      }
      journal.close();

      try (StudyJournal reopened = open(spec(5), false);
          StageRun back = reopened.replay(5, "WIDE", RECIPE).orElseThrow()) {
        assertThat(outputs(back.outcome().network(), IMAGES, false)).containsExactly(trained);
      }
    }
  }

  @Test
  void aFailedRunIsNotKeptSoAResumedStudyTriesItAgain() {
    try (StudyJournal journal = open(spec(5), false)) {
      journal.record(5, "KD lr 1e-3", RECIPE, StageRun.failed("loss is NaN at step 7"));

      assertThat(journal.replay(5, "KD lr 1e-3", RECIPE)).isEmpty();
      assertThat(dir.resolve("study.journal/seed-5")).doesNotExist();
    }
  }

  @Test
  void aJournalLeftByAnotherStudyIsRefusedNamingWhatDiffers() {
    open(spec(5), false).close();

    assertThatThrownBy(() -> open(spec(6), false))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("was left by a different study (it differs in spec.seed)")
        .hasMessageContaining("--fresh");
    assertThatThrownBy(
            () ->
                StudyJournal.open(
                    out(),
                    spec(5),
                    StudyTuning.grid(List.of(1e-3, 3e-3)),
                    StudyFixtures.machine(),
                    false))
        .hasMessageContaining("it differs in tuning.lrGrid");
    assertThatThrownBy(
            () ->
                StudyJournal.open(
                    out(),
                    spec(5),
                    StudyTuning.none(),
                    StudyFixtures.machine("0.5 0.5 0.5", Map.of(), "fedcba987654"),
                    false))
        .hasMessageContaining("it differs in machine.isa_caps, machine.source_revision");
    Machine m = StudyFixtures.machine();
    Machine otherCpu =
        testMachine(
            m.cores(),
            "AuthenticAMD family 26 model 2 stepping 0, caches L2 1024K L3 32768K",
            m.os(),
            m.java(),
            m.maxHeapMib(),
            m.loadAverageAtStart());
    assertThatThrownBy(() -> StudyJournal.open(out(), spec(5), StudyTuning.none(), otherCpu, false))
        .hasMessageContaining("it differs in machine.cpu_model");
    try (StudyJournal fresh = open(spec(6), true)) {
      assertThat(fresh.recordedWallSeconds()).isZero();
    }
  }

  @Test
  void aResumeMayRunWithAnotherCoreCountHeapKernelOrJvmAndKeepsWhatWasRecorded() {
    try (StudyJournal journal = open(spec(5), false);
        Network network = mlp();
        StageRun run =
            new StageRun(new StageOutcome(network, METRICS), 2.0, List.of(), null, false)) {
      journal.record(5, "SCRATCH", RECIPE, run);
    }
    Machine m = StudyFixtures.machine();
    Machine restarted =
        testMachine(
            m.cores() * 2, m.cpuModel(), "Linux 7 (amd64)", "OpenJDK 21", 8192L, "3.0 2.0 1.0");

    try (StudyJournal resumed =
        StudyJournal.open(out(), spec(5), StudyTuning.none(), restarted, false)) {
      assertThat(resumed.recordedWallSeconds()).isEqualTo(2.0);
      resumed.replay(5, "SCRATCH", RECIPE).orElseThrow().close();
    }
  }

  @Test
  void oneProcessAtATimeHoldsTheJournal() {
    try (StudyJournal held = open(spec(5), false)) {
      assertThatThrownBy(() -> open(spec(5), false))
          .isInstanceOf(StudyException.class)
          .hasMessageContaining("another process is running this study");
    }
    open(spec(5), false).close();
  }

  @Test
  void recordsLeftHalfWrittenOrUnreadableAreDropped() throws IOException {
    try (StudyJournal journal = open(spec(5), false);
        Network network = mlp();
        StageRun run =
            new StageRun(new StageOutcome(network, METRICS), 2.0, List.of(), null, false)) {
      journal.record(5, "SCRATCH", RECIPE, run);
      journal.record(5, "KD", RECIPE, run);
    }
    Path seed = dir.resolve("study.journal/seed-5");
    Path half = Files.createDirectories(seed.resolve("DEEPER.partial"));
    Files.writeString(half.resolve("run.json"), "{\"stage\": \"DEE");
    Files.writeString(seed.resolve("KD/run.json"), "{\"stage\": \"KD\", \"wallSe");

    try (StudyJournal reopened = open(spec(5), false)) {
      assertThat(half).doesNotExist();
      assertThat(reopened.recordedWallSeconds()).isEqualTo(2.0);
      assertThat(seed.resolve("KD")).doesNotExist();
      assertThat(reopened.replay(5, "KD", RECIPE)).isEmpty();
      reopened.replay(5, "SCRATCH", RECIPE).orElseThrow().close();
    }

    // an identity file a kill cut short starts a new journal
    Files.writeString(dir.resolve("study.journal/study.json"), "{\"spec\": {");
    try (StudyJournal restarted = open(spec(5), false)) {
      assertThat(restarted.replay(5, "SCRATCH", RECIPE)).isEmpty();
    }
  }

  @Test
  void finishingDeletesTheJournalAndNoneKeepsNothing() {
    open(spec(5), false).finish(false);

    assertThat(dir.resolve("study.journal")).doesNotExist();
    try (StudyJournal none = StudyJournal.none()) {
      none.record(5, "SCRATCH", RECIPE, StageRun.failed("boom"));
      assertThat(none.replay(5, "SCRATCH", RECIPE)).isEmpty();
      assertThat(none.directory()).isEmpty();
      assertThat(none.recordedWallSeconds()).isZero();
    }
  }

  private StudyJournal open(ExperimentSpec spec, boolean fresh) {
    return StudyJournal.open(out(), spec, StudyTuning.none(), StudyFixtures.machine(), fresh);
  }

  private Path out() {
    return dir.resolve("study");
  }

  private ExperimentSpec spec(long seed) {
    try {
      Path file = Files.writeString(dir.resolve("spec.json"), StudyReproducibilityTest.SPEC);
      return StudyCommand.resolve(StudySpecFile.read(file).spec().withSeed(seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An MLP's logits for two fixed examples, in inference mode. */
  static float[] logits(Network network) {
    return outputs(network, FLAT, false);
  }

  /**
   * The network's logits for fixed examples of {@code shape}, to tell two networks' parameters
   * (and, in inference mode, their running statistics) apart.
   */
  private static float[] outputs(Network network, Shape shape, boolean training) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray input = manager.arange(0f, (float) shape.size()).div(shape.size()).reshape(shape);
      NDList out =
          network
              .model()
              .getBlock()
              .forward(new ParameterStore(manager, false), new NDList(input), training);
      return out.singletonOrThrow().toFloatArray();
    }
  }
}
