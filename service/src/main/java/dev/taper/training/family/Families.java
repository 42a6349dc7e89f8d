package dev.taper.training.family;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the network of an architecture, with parameters initialised from a seed. */
public final class Families {

  private Families() {}

  /**
   * A freshly initialised network. Parameters come from a Java RNG seeded here rather than from the
   * engine's global generator, so the same seed gives the same weights whatever else runs.
   */
  public static Network build(Architecture architecture, long seed, Device device) {
    Network network = buildUninitialised(architecture, device);
    SplittableRandom random = new SplittableRandom(seed);
    Initialisation.Scheme scheme = Initialisation.schemeFor(architecture);
    for (Parameter parameter : network.parameters()) {
      Initialisation.fill(parameter, scheme, random);
    }
    return network;
  }

  /** A network whose parameters are allocated but hold no meaningful values (to load into). */
  public static Network buildUninitialised(Architecture architecture, Device device) {
    if (architecture instanceof MlpArchitecture mlp) {
      return buildMlp(mlp, device);
    }
    if (architecture instanceof ResNetArchitecture resnet) {
      return ResNets.build(resnet, device);
    }
    if (architecture instanceof TransformerArchitecture transformer) {
      return Transformers.build(transformer, device);
    }
    throw new IllegalArgumentException("no builder for family " + architecture.family());
  }

  /** A single Linear layer {@code in -> out}, as used for the imitation pairs. */
  public static Linear affine(int in, int out, Model owner, long seed) {
    Linear linear = Linear.builder().setUnits(out).build();
    linear.initialize(owner.getNDManager(), DataType.FLOAT32, new Shape(1, in));
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter parameter : Network.parametersOf(linear)) {
      Initialisation.fillLinear(parameter, random);
    }
    return linear;
  }

  static Linear firstAffine(Block layer) {
    if (layer instanceof Linear linear) {
      return linear;
    }
    for (var child : layer.getChildren()) {
      if (child.getValue() instanceof Linear linear) {
        return linear;
      }
    }
    throw new IllegalStateException("layer has no affine map to merge into: " + layer);
  }

  private static Network buildMlp(MlpArchitecture mlp, Device device) {
    List<Block> layers = new ArrayList<>();
    SequentialBlock hidden = new SequentialBlock();
    for (int i = 0; i < mlp.depth(); i++) {
      SequentialBlock layer =
          new SequentialBlock()
              .add(Linear.builder().setUnits(mlp.width()).build())
              .add(Activation.reluBlock());
      layers.add(layer);
      hidden.add(layer);
    }
    Linear head = Linear.builder().setUnits(mlp.classes()).build();
    SequentialBlock root = new SequentialBlock().add(hidden).add(head);
    Model model = Model.newInstance(NetworkFiles.MODEL_NAME, device);
    model.setBlock(root);
    root.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, mlp.inputSize()));
    return new Network(mlp, model, layers, null, head);
  }
}
