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
import java.util.concurrent.atomic.AtomicReference;
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
    List<Integer> afterEachStep = new CopyOnWriteArrayList<>();
    // a checkpoint after every step: the store sees the engine between steps
    CheckpointStore sampling =
        new CheckpointStore() {
          @Override
          public Optional<InputStream> open() {
            return Optional.empty();
          }

          @Override
          public void save(Writer writer) {
            encode(writer);
            afterEachStep.add(liveArrays());
          }
        };
    TrainConfig epochs = new TrainConfig(4, 32, OptimizerConfig.ADAM_DEFAULT);
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epochs)
            .run(EngineFixtures.context().withCheckpoints(sampling, Duration.ZERO))) {
      assertThat(run.metrics().testAccuracy()).isGreaterThan(0.5);
    }
    assertThat(liveArrays()).isEqualTo(before);
    assertThat(afterEachStep).hasSizeGreaterThan(200);
    assertThat(afterEachStep.stream().distinct().toList())
        .as("live arrays after each of %d steps", afterEachStep.size())
        .hasSize(1);
  }

  @Test
  void imitatingAWideTransformerKeepsLiveArraysFlat() {
    // the teacher's and the thin network's parameters live in their models' managers: no
    // activation computed from them (such as the broadcast class token) may join those managers
    List<Integer> afterEachStep = new CopyOnWriteArrayList<>();
    CheckpointStore sampling =
        new CheckpointStore() {
          @Override
          public Optional<InputStream> open() {
            return Optional.empty();
          }

          @Override
          public void save(Writer writer) {
            encode(writer);
            afterEachStep.add(liveArrays());
          }
        };
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
    assertThat(afterEachStep).hasSizeGreaterThan(59);
    assertThat(afterEachStep.subList(0, 59).stream().distinct().toList())
        .as("live arrays after each imitation step")
        .hasSize(1);
  }

  @Test
  void aResumedStageHoldsNoMoreArraysThanAnUninterruptedOne() {
    EngineFixtures.teacher();
    TrainConfig epoch = new TrainConfig(1, 32, OptimizerConfig.ADAM_DEFAULT);
    List<Integer> uninterrupted = new CopyOnWriteArrayList<>();
    AtomicReference<byte[]> midway = new AtomicReference<>();
    CheckpointStore keeping =
        new CheckpointStore() {
          @Override
          public Optional<InputStream> open() {
            return Optional.empty();
          }

          @Override
          public void save(Writer writer) {
            if (uninterrupted.size() == 20) {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              write(writer, bytes);
              midway.set(bytes.toByteArray());
            } else {
              encode(writer);
            }
            uninterrupted.add(liveArrays());
          }
        };
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epoch)
            .run(EngineFixtures.context().withCheckpoints(keeping, Duration.ZERO))) {
      assertThat(midway.get()).isNotNull();
    }

    List<Integer> resumed = new CopyOnWriteArrayList<>();
    CheckpointStore resuming =
        new CheckpointStore() {
          @Override
          public Optional<InputStream> open() {
            return Optional.of(new ByteArrayInputStream(midway.get()));
          }

          @Override
          public void save(Writer writer) {
            encode(writer);
            resumed.add(liveArrays());
          }
        };
    try (StageOutcome run =
        Stages.scratch(EngineFixtures.THIN, epoch)
            .run(EngineFixtures.context().withCheckpoints(resuming, Duration.ZERO))) {
      assertThat(resumed).hasSize(uninterrupted.size() - 21);
    }

    assertThat(uninterrupted.stream().distinct().toList()).hasSize(1);
    assertThat(resumed.stream().distinct().toList())
        .as("live arrays after each resumed step, against %s uninterrupted", uninterrupted.get(0))
        .containsExactly(uninterrupted.get(0));
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
