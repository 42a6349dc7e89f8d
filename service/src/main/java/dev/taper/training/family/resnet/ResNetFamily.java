package dev.taper.training.family.resnet;

import ai.djl.Device;
import dev.taper.training.family.ExampleShapes;
import dev.taper.training.family.FamilyIdentity;
import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.Initialisation;
import dev.taper.training.family.ModelMismatchException;
import dev.taper.training.family.Network;
import dev.taper.training.family.TeacherStart;
import dev.taper.training.family.resnet.ResNetModelSpec.StageSpec;
import dev.taper.training.onnx.NetworkGraph;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Bottleneck ResNets for images. Widening multiplies only the bottlenecks' inner channels, so every
 * block keeps its interface and imitation compares block outputs directly.
 */
public final class ResNetFamily extends FamilyIdentity<ResNetModelSpec, ResNetArchitecture> {

  public static final String NAME = "resnet";

  /** Blocks of a stage that gives only its channels. */
  static final int STAGE_BLOCKS = 2;

  /**
   * Interface channels over bottleneck channels for a stage that gives no inner channels: 4, as in
   * the bottleneck ResNets of He et al. 2016.
   */
  static final int BOTTLENECK_RATIO = 4;

  /**
   * A small network that trains in minutes on a CPU. A stride-2 stem quarters the cost of every
   * block after it; on 28x28 images the stages still see 14x14 and 7x7.
   */
  static final ResNetModelSpec DEFAULT =
      new ResNetModelSpec(
          16, 2, List.of(new StageSpec(STAGE_BLOCKS, 32, 8), new StageSpec(STAGE_BLOCKS, 64, 16)));

  /**
   * Only the inner channels widen, so a smaller factor than the MLP's already gives a teacher many
   * times the thin network's size.
   */
  static final int WIDEN_FACTOR = 4;

  static final int MAX_STAGES = 8;
  static final int MAX_STAGE_BLOCKS = 64;
  static final int MAX_CHANNELS = 4_096;
  static final int MAX_WIDE_CHANNELS = 16_384;

  public ResNetFamily() {
    super(NAME, ResNetModelSpec.class, ResNetArchitecture.class, DEFAULT, WIDEN_FACTOR);
  }

  @Override
  public ResNetModelSpec withDefaults(ResNetModelSpec spec) {
    return new ResNetModelSpec(
        Objects.requireNonNullElse(spec.stemChannels(), DEFAULT.stemChannels()),
        Objects.requireNonNullElse(spec.stemStride(), DEFAULT.stemStride()),
        spec.stages() == null
            ? DEFAULT.stages()
            : spec.stages().stream().map(ResNetFamily::stage).toList());
  }

  private static StageSpec stage(StageSpec s) {
    if (s == null) {
      return null;
    }
    Integer inner = s.innerChannels();
    if (inner == null && s.channels() != null) {
      inner = Math.max(1, s.channels() / BOTTLENECK_RATIO);
    }
    return new StageSpec(Objects.requireNonNullElse(s.blocks(), STAGE_BLOCKS), s.channels(), inner);
  }

  @Override
  public void check(ResNetModelSpec spec, int widenFactor, FieldChecks checks) {
    checks.range("stemChannels", spec.stemChannels(), 1, MAX_CHANNELS);
    checks.require(
        "stemStride", spec.stemStride() == 1 || spec.stemStride() == 2, "must be 1 or 2");
    List<StageSpec> stages = spec.stages();
    if (stages.isEmpty() || stages.size() > MAX_STAGES) {
      checks.add("stages", "must list 1 to " + MAX_STAGES + " stages");
      return;
    }
    for (int i = 0; i < stages.size(); i++) {
      String path = "stages[" + i + "]";
      StageSpec stage = stages.get(i);
      if (stage == null) {
        checks.add(path, "must be an object");
        continue;
      }
      checks.required(path + ".blocks", stage.blocks(), 1, MAX_STAGE_BLOCKS);
      checks.required(path + ".channels", stage.channels(), 1, MAX_CHANNELS);
      checks.required(path + ".innerChannels", stage.innerChannels(), 1, MAX_CHANNELS);
      if (!checks.has(path) && (long) stage.innerChannels() * widenFactor > MAX_WIDE_CHANNELS) {
        checks
            .root()
            .add(
                "widenFactor",
                "makes the wide network's bottleneck wider than "
                    + MAX_WIDE_CHANNELS
                    + " channels (stage "
                    + i
                    + ")");
      }
    }
  }

  @Override
  public ResNetArchitecture architecture(ResNetModelSpec spec, long[] exampleShape, int classes) {
    if (exampleShape.length != 3) {
      throw ModelMismatchException.wrongExamples(
          "family", "resnet needs image examples (channels, height, width)", "");
    }
    return new ResNetArchitecture(
        ExampleShapes.dimension(exampleShape[0]),
        ExampleShapes.dimension(exampleShape[1]),
        ExampleShapes.dimension(exampleShape[2]),
        spec.stemChannels(),
        spec.stemStride(),
        spec.stages().stream()
            .map(s -> new ResNetArchitecture.Stage(s.blocks(), s.channels(), s.innerChannels()))
            .toList(),
        classes);
  }

  @Override
  public Network build(ResNetArchitecture architecture, Device device) {
    return ResNets.build(architecture, device);
  }

  @Override
  public Initialisation.Scheme initialisation() {
    return Initialisation.Scheme.HE;
  }

  @Override
  public String describe(ResNetArchitecture resnet) {
    return "resnet, stem "
        + resnet.stemChannels()
        + "/"
        + resnet.stemStride()
        + ", stages "
        + resnet.stages().stream()
            .map(s -> s.blocks() + "x" + s.channels() + "(" + s.innerChannels() + ")")
            .collect(Collectors.joining(" "));
  }

  @Override
  public TeacherStart teacherStart() {
    return TeacherStart.BOTTLENECK_CHANNELS;
  }

  @Override
  public String writeOnnx(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    return ResNetOnnxGraph.logits(graph, network, input, exampleShape);
  }
}
