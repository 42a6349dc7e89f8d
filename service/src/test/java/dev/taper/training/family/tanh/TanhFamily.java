package dev.taper.training.family.tanh;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.taper.training.family.ExampleShapes;
import dev.taper.training.family.FamilyIdentity;
import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.Initialisation;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import dev.taper.training.onnx.NetworkGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A family that exists only in the tests, to show what adding one takes: this package and one line
 * in the test tree's {@code META-INF/services/dev.taper.training.family.ModelFamily}. Networks of
 * tanh layers, widened like the MLP (so imitation runs through pairs and an exact merge).
 */
public final class TanhFamily extends FamilyIdentity<TanhModelSpec, TanhArchitecture> {

  public static final String NAME = "tanh";

  static final TanhModelSpec DEFAULT = new TanhModelSpec(3, 16);

  public TanhFamily() {
    super(NAME, TanhModelSpec.class, TanhArchitecture.class, DEFAULT, 4);
  }

  @Override
  public TanhModelSpec withDefaults(TanhModelSpec spec) {
    return new TanhModelSpec(
        Objects.requireNonNullElse(spec.layers(), DEFAULT.layers()),
        Objects.requireNonNullElse(spec.units(), DEFAULT.units()));
  }

  @Override
  public void check(TanhModelSpec spec, int widenFactor, FieldChecks checks) {
    checks.range("layers", spec.layers(), 1, 16);
    checks.range("units", spec.units(), 1, 256);
  }

  @Override
  public TanhArchitecture architecture(TanhModelSpec spec, long[] exampleShape, int classes) {
    return new TanhArchitecture(
        ExampleShapes.flattenedSize(exampleShape), spec.layers(), spec.units(), classes);
  }

  @Override
  public Network build(TanhArchitecture tanh, Device device) {
    List<Block> layers = new ArrayList<>();
    SequentialBlock body = new SequentialBlock();
    for (int i = 0; i < tanh.layers(); i++) {
      SequentialBlock layer =
          new SequentialBlock()
              .add(Linear.builder().setUnits(tanh.units()).build())
              .add(Activation.tanhBlock());
      layers.add(layer);
      body.add(layer);
    }
    Linear head = Linear.builder().setUnits(tanh.classes()).build();
    SequentialBlock root = new SequentialBlock().add(body).add(head);
    Model model = Model.newInstance(NetworkFiles.MODEL_NAME, device);
    model.setBlock(root);
    root.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, tanh.inputSize()));
    return new Network(tanh, model, layers, null, head);
  }

  @Override
  public Initialisation.Scheme initialisation() {
    return Initialisation.Scheme.XAVIER;
  }

  @Override
  public String describe(TanhArchitecture tanh) {
    return "tanh, " + tanh.layers() + " x " + tanh.units();
  }

  @Override
  public String writeOnnx(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    String h =
        exampleShape.length == 1
            ? input
            : graph.graph().op("Flatten").input(input).attribute("axis", 1L).output("flat");
    for (int i = 0; i < network.layerCount(); i++) {
      h = graph.linear(h, network.firstAffine(i), "layer" + i);
      h = graph.graph().op("Tanh").input(h).output("layer" + i + ".tanh");
    }
    return graph.linear(h, network.readout(), "readout");
  }
}
