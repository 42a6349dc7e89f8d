package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.taper.dataset.FashionMnist;
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
          List.of(0.25, 0.125),
          List.of(new PhaseLoss(1, 2.5, 0.75)),
          Double.NaN);

  @TempDir Path dir;

  @Test
  void aRunComesBackAsItWasRecordedNetworkAndAll() {
    ExperimentSpec spec = spec(5);
    long[] shape = FashionMnist.load(StudyFixtures.miniDataset(dir)).train().exampleShape();
    Architecture architecture = ModelFamilies.architecture(spec.model(), shape, 10);
    StudyJournal journal = open(spec, false);
    try (Network network = ModelFamilies.build(architecture, 11, Device.cpu());
        StageRun trained = new StageRun(new StageOutcome(network, METRICS), 3.5, null)) {
      journal.record(5, "SCRATCH lr 1e-3", trained);
      journal.record(5, "KD lr 1e-3", StageRun.failed("loss is NaN at step 7"));

      StudyJournal reopened = open(spec, false);
      try (StageRun back = reopened.replay(5, "SCRATCH lr 1e-3").orElseThrow()) {
        assertThat(back.metrics()).isEqualTo(METRICS);
        assertThat(back.wallSeconds()).isEqualTo(3.5);
        assertThat(outputs(back.outcome().network(), shape))
            .containsExactly(outputs(network, shape));
      }
      StageRun failed = reopened.replay(5, "KD lr 1e-3").orElseThrow();
      assertThat(failed.ok()).isFalse();
      assertThat(failed.error()).isEqualTo("loss is NaN at step 7");
      assertThat(reopened.replay(5, "DEEPER lr 1e-3")).isEmpty();
      assertThat(reopened.replay(6, "SCRATCH lr 1e-3")).isEmpty();
      assertThat(reopened.replayed()).isEqualTo(2);
      assertThat(reopened.recordedWallSeconds()).isEqualTo(3.5);
    }
  }

  @Test
  void aJournalLeftByAnotherStudyIsRefusedUnlessAskedToStartOver() {
    StudyJournal journal = open(spec(5), false);
    journal.record(5, "SCRATCH", StageRun.failed("boom"));

    assertThatThrownBy(() -> open(spec(6), false))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("was left by a different study (the resolved spec differ")
        .hasMessageContaining("--fresh");
    assertThatThrownBy(
            () ->
                StudyJournal.open(
                    out(), spec(5), StudyTuning.grid(List.of(1e-3, 3e-3)), machine(), false))
        .isInstanceOf(StudyException.class)
        .hasMessageContaining("the learning-rate grid");

    StudyJournal fresh = open(spec(6), true);
    assertThat(fresh.replay(5, "SCRATCH")).isEmpty();
    assertThat(fresh.replay(6, "SCRATCH")).isEmpty();
  }

  @Test
  void aRecordLeftHalfWrittenByAKillIsDiscarded() throws Exception {
    StudyJournal journal = open(spec(5), false);
    journal.record(5, "SCRATCH", StageRun.failed("boom"));
    Path half = Files.createDirectories(dir.resolve("study.journal/seed-5/DEEPER.partial"));
    Files.writeString(half.resolve("run.json"), "{\"stage\": \"DEE");

    StudyJournal reopened = open(spec(5), false);

    assertThat(half).doesNotExist();
    assertThat(reopened.replay(5, "DEEPER")).isEmpty();
    assertThat(reopened.replay(5, "SCRATCH")).isPresent();
  }

  @Test
  void finishingDeletesTheJournalAndNoneKeepsNothing() {
    StudyJournal journal = open(spec(5), false);
    journal.record(5, "SCRATCH", StageRun.failed("boom"));

    journal.finish();

    assertThat(dir.resolve("study.journal")).doesNotExist();
    StudyJournal none = StudyJournal.none();
    none.record(5, "SCRATCH", StageRun.failed("boom"));
    assertThat(none.replay(5, "SCRATCH")).isEmpty();
    assertThat(none.directory()).isEmpty();
  }

  private StudyJournal open(ExperimentSpec spec, boolean fresh) {
    return StudyJournal.open(out(), spec, StudyTuning.none(), machine(), fresh);
  }

  private Path out() {
    return dir.resolve("study");
  }

  private static Machine machine() {
    return Machine.describe();
  }

  private ExperimentSpec spec(long seed) {
    try {
      Path file = Files.writeString(dir.resolve("spec.json"), StudyReproducibilityTest.SPEC);
      return StudyCommand.resolve(StudySpecFile.read(file).spec().withSeed(seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The network's logits for a fixed input, to tell two networks' parameters apart. */
  private static float[] outputs(Network network, long[] exampleShape) {
    // the MLP reads each example flattened
    Shape shape = new Shape(1, new Shape(exampleShape).size());
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray input = manager.arange(0f, (float) shape.size()).div(shape.size()).reshape(shape);
      NDList out =
          network
              .model()
              .getBlock()
              .forward(new ParameterStore(manager, false), new NDList(input), false);
      return out.singletonOrThrow().toFloatArray();
    }
  }
}
