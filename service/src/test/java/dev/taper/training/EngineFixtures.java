package dev.taper.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.dataset.DatasetSplits;
import dev.taper.dataset.TestDatasets;
import dev.taper.training.ImitationConfig.HeadLoss;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.LayerInit;
import dev.taper.training.family.Network;
import dev.taper.training.family.mlp.MlpArchitecture;
import dev.taper.training.loop.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Tiny networks on the committed Fashion-MNIST subset, and a teacher trained once per JVM. */
public final class EngineFixtures {

  public static final long SEED = 7;
  public static final int WIDEN = 4;
  public static final MlpArchitecture THIN = new MlpArchitecture(784, 3, 16, 10);
  public static final TrainConfig WIDE_TRAINING =
      new TrainConfig(3, 64, OptimizerConfig.ADAM_DEFAULT);

  private EngineFixtures() {}

  public static DatasetSplits data() {
    return TestDatasets.fixtureSplits(SEED);
  }

  public static StageContext context() {
    return StageContext.of(data(), SEED, Device.cpu());
  }

  public static ImitationConfig imitation(int stepsPerLayer) {
    return imitation(stepsPerLayer, ImitationSchedule.PROGRESSIVE, ImitationLoss.MSE, 0.0);
  }

  public static ImitationConfig imitation(
      int stepsPerLayer, ImitationSchedule schedule, ImitationLoss loss, double lowerLayerLrScale) {
    return new ImitationConfig(
        stepsPerLayer,
        schedule,
        loss,
        lowerLayerLrScale,
        64,
        OptimizerConfig.ADAM_DEFAULT,
        HeadLoss.KL,
        4.0);
  }

  /** {@code base} with MobileBERT's options and the feature-conditioning terms set. */
  public static ImitationConfig imitation(
      ImitationConfig base,
      boolean copySameShape,
      ImitationConfig.TokenTransfer tokens,
      ImitationConfig.FeatureConditioning conditioning) {
    return copy(
        base,
        o -> {
          o.copySameShape = copySameShape;
          o.tokens = tokens;
          o.conditioning = conditioning;
        });
  }

  /** {@code base} (joint) with its joint phase also matching the teacher's logits. */
  public static ImitationConfig withLogitsWeight(ImitationConfig base, double logitsWeight) {
    return copy(base, o -> o.logitsWeight = logitsWeight);
  }

  /** {@code base} with its thin layers started another way. */
  public static ImitationConfig withLayerInit(ImitationConfig base, LayerInit layerInit) {
    return copy(base, o -> o.layerInit = layerInit);
  }

  /** {@code base} with another policy for jumps in its loss. */
  public static ImitationConfig withJumpRecovery(ImitationConfig base, JumpRecovery recovery) {
    return copy(base, o -> o.jumpRecovery = recovery);
  }

  /** The options the helpers above replace, starting as a config's own. */
  private static final class Options {
    boolean copySameShape;
    ImitationConfig.TokenTransfer tokens;
    ImitationConfig.FeatureConditioning conditioning;
    double logitsWeight;
    JumpRecovery jumpRecovery;
    LayerInit layerInit;

    Options(ImitationConfig base) {
      copySameShape = base.copySameShape();
      tokens = base.tokens();
      conditioning = base.conditioning();
      logitsWeight = base.logitsWeight();
      jumpRecovery = base.jumpRecovery();
      layerInit = base.layerInit();
    }
  }

  private static ImitationConfig copy(ImitationConfig base, Consumer<Options> change) {
    Options o = new Options(base);
    change.accept(o);
    return new ImitationConfig(
        base.stepsPerLayer(),
        base.schedule(),
        base.loss(),
        base.lowerLayerLrScale(),
        base.batchSize(),
        base.optimizer(),
        base.headLoss(),
        base.headTemperature(),
        o.copySameShape,
        o.tokens,
        o.conditioning,
        o.logitsWeight,
        o.jumpRecovery,
        o.layerInit);
  }

  /** The WIDE model of {@link #THIN}, trained once and shared (tests only read it). */
  public static synchronized StageOutcome teacher() {
    if (Teacher.outcome == null) {
      Teacher.outcome = Stages.wide(THIN, WIDEN, WIDE_TRAINING).run(context());
    }
    return Teacher.outcome;
  }

  public static List<float[]> parameterValues(Network network) {
    return values(network.parameters());
  }

  public static List<float[]> values(List<Parameter> parameters) {
    List<float[]> values = new ArrayList<>();
    parameters.forEach(p -> values.add(p.getArray().toFloatArray()));
    return values;
  }

  /** The parameter (and state) values each checkpoint holds, in checkpoint order. */
  public static List<List<float[]>> checkpointValues(List<byte[]> checkpoints) {
    List<List<float[]>> all = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (byte[] bytes : checkpoints) {
        List<float[]> values = new ArrayList<>();
        Checkpoint.decode(bytes, manager).parameters().forEach(a -> values.add(a.toFloatArray()));
        all.add(values);
      }
    }
    return all;
  }

  /** A checkpoint store in memory that remembers every checkpoint saved into it. */
  public static final class RecordingCheckpoints implements CheckpointStore {
    public final List<byte[]> saved = new ArrayList<>();

    @Override
    public Optional<InputStream> open() {
      return saved.isEmpty()
          ? Optional.empty()
          : Optional.of(new ByteArrayInputStream(saved.get(saved.size() - 1)));
    }

    @Override
    public void save(Writer writer) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        writer.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      saved.add(bytes.toByteArray());
    }
  }

  private static final class Teacher {
    static StageOutcome outcome;
  }
}
