package dev.taper.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.taper.training.CheckpointStore;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.OptimizerConfig;
import dev.taper.training.StageOutcome;
import dev.taper.training.Stages;
import dev.taper.training.TrainConfig;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Per-step scopes keep the number of live native arrays flat however long a stage trains. */
class NativeMemoryTest {

  /** Every array the engine tracks: the system manager reaches all base managers. */
  private static int liveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  @Test
  void liveArraysDoNotGrowWithTrainingSteps() {
    EngineFixtures.teacher();
    int before = liveArrays();
    // a checkpoint after every step: the store sees the engine between steps
    SamplingStore sampling = new SamplingStore(null, -1);
    TrainConfig epochs = new TrainConfig(4, 32, OptimizerConfig.ADAM_DEFAULT);
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epochs)
            .run(EngineFixtures.context().withCheckpoints(sampling, Duration.ZERO))) {
      assertThat(run.metrics().testAccuracy()).isGreaterThan(0.5);
    }
    assertThat(liveArrays()).isEqualTo(before);
    assertThat(sampling.liveAfterEachSave).hasSizeGreaterThan(200);
    assertThat(sampling.liveAfterEachSave.stream().distinct().toList())
        .as("live arrays after each of %d steps", sampling.liveAfterEachSave.size())
        .hasSize(1);
  }

  @Test
  void imitatingAWideTransformerKeepsLiveArraysFlat() {
    // the teacher's and the thin network's parameters live in their models' managers: no
    // activation computed from them (such as the broadcast class token) may join those managers
    SamplingStore sampling = new SamplingStore(null, -1);
    try (Network teacher =
        ModelFamilies.build(FamilyFixtures.TRANSFORMER.widen(2), 5, Device.cpu())) {
      int before = liveArrays();
      try (StageOutcome warmed =
          Stages.imitate(
                  FamilyFixtures.TRANSFORMER,
                  EngineFixtures.imitation(
                      20, ImitationSchedule.JOINT, ImitationLoss.NORMALIZED_MSE, 0.0),
                  teacher)
              .run(EngineFixtures.context().withCheckpoints(sampling, Duration.ZERO))) {
        assertThat(warmed.network().layerCount()).isEqualTo(3);
      }
      assertThat(liveArrays()).isEqualTo(before);
    }
    // the joint phase takes 20 x 3 steps, with a checkpoint after each but its last
    assertThat(sampling.liveAfterEachSave).hasSizeGreaterThan(59);
    assertThat(sampling.liveAfterEachSave.subList(0, 59).stream().distinct().toList())
        .as("live arrays after each imitation step")
        .hasSize(1);
  }

  @Test
  void aResumedStageHoldsNoMoreArraysThanAnUninterruptedOne() {
    EngineFixtures.teacher();
    TrainConfig epoch = new TrainConfig(1, 32, OptimizerConfig.ADAM_DEFAULT);
    SamplingStore uninterrupted = new SamplingStore(null, 20);
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epoch)
            .run(EngineFixtures.context().withCheckpoints(uninterrupted, Duration.ZERO))) {
      assertThat(uninterrupted.kept).isNotNull();
    }

    SamplingStore resumed = new SamplingStore(uninterrupted.kept, -1);
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epoch)
            .run(EngineFixtures.context().withCheckpoints(resumed, Duration.ZERO))) {
      assertThat(resumed.liveAfterEachSave).hasSize(uninterrupted.liveAfterEachSave.size() - 21);
    }

    int flat = uninterrupted.liveAfterEachSave.get(0);
    assertThat(uninterrupted.liveAfterEachSave.stream().distinct().toList()).containsExactly(flat);
    assertThat(resumed.liveAfterEachSave.stream().distinct().toList())
        .as("live arrays after each resumed step, against %s uninterrupted", flat)
        .containsExactly(flat);
  }

  /**
   * Resumes from {@code resumeFrom} (or starts afresh when null), writes every checkpoint as a real
   * store would and counts the live arrays after each; keeps the bytes of save number {@code
   * keepAt} (counting from 0; -1 keeps none).
   */
  private static final class SamplingStore implements CheckpointStore {

    final List<Integer> liveAfterEachSave = new CopyOnWriteArrayList<>();
    private final byte[] resumeFrom;
    private final int keepAt;
    volatile byte[] kept;

    SamplingStore(byte[] resumeFrom, int keepAt) {
      this.resumeFrom = resumeFrom;
      this.keepAt = keepAt;
    }

    @Override
    public Optional<InputStream> open() {
      return Optional.ofNullable(resumeFrom).map(ByteArrayInputStream::new);
    }

    @Override
    public void save(Writer writer) {
      if (liveAfterEachSave.size() == keepAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(writer, bytes);
        kept = bytes.toByteArray();
      } else {
        encode(writer);
      }
      liveAfterEachSave.add(liveArrays());
    }
  }

  /** Runs the engine's encoding as a real store would, into nothing. */
  static void encode(CheckpointStore.Writer writer) {
    write(writer, OutputStream.nullOutputStream());
  }

  private static void write(CheckpointStore.Writer writer, OutputStream out) {
    try {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
