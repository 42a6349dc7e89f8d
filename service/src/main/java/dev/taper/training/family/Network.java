package dev.taper.training.family;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A built network of some family, seen the way the stages need it: imitation layers 0..L that can
 * be run one at a time, and a head (what the family does before its read-out, such as pooling, then
 * a linear read-out). Owns its DJL {@link Model} (and so the native memory of its parameters) until
 * closed.
 *
 * <p>Parameters come in two kinds: learnable ones, which optimisers move, and state such as
 * BatchNorm's running statistics, which the forward pass in training mode updates itself. Both are
 * saved and checkpointed; only learnable ones are counted and optimised.
 */
public final class Network implements AutoCloseable {

  private final Architecture architecture;
  private final Model model;
  private final List<Block> layers;
  private final Block headFeatures;
  private final Linear readout;

  /**
   * @param headFeatures what the head applies before the read-out (pooling, a final norm), or null
   *     when the read-out takes the last layer's output as it is
   */
  public Network(
      Architecture architecture,
      Model model,
      List<Block> layers,
      Block headFeatures,
      Linear readout) {
    this.architecture = architecture;
    this.model = model;
    this.layers = List.copyOf(layers);
    this.headFeatures = headFeatures;
    this.readout = readout;
  }

  public Architecture architecture() {
    return architecture;
  }

  public Model model() {
    return model;
  }

  public NDManager manager() {
    return model.getNDManager();
  }

  public Block block() {
    return model.getBlock();
  }

  public int layerCount() {
    return layers.size();
  }

  public Block layer(int i) {
    return layers.get(i);
  }

  /** What the head applies before the read-out (pooling, a final norm), if anything. */
  public Optional<Block> headFeaturesBlock() {
    return Optional.ofNullable(headFeatures);
  }

  /** The head's final linear map from features to logits. */
  public Linear readout() {
    return readout;
  }

  /** The affine map a merge folds a preceding pair into: the first Linear of layer {@code i}. */
  public Linear firstAffine(int i) {
    Block layer = layers.get(i);
    if (layer instanceof Linear linear) {
      return linear;
    }
    for (var child : layer.getChildren()) {
      if (child.getValue() instanceof Linear linear) {
        return linear;
      }
    }
    throw new IllegalStateException("layer " + i + " has no affine map to merge into: " + layer);
  }

  /** Output of layer {@code i} given the output of layer {@code i - 1} (or the input for 0). */
  public NDArray forwardLayer(ParameterStore store, int i, NDArray x, boolean training) {
    return layers.get(i).forward(store, new NDList(x), training).singletonOrThrow();
  }

  /** A layer's output and the attention distributions its attention blocks computed. */
  public record LayerOutput(NDArray output, List<NDArray> attention) {}

  /**
   * {@link #forwardLayer}, also collecting the attention distributions of every {@link
   * AttentionBlock} in the layer (none for layers without attention).
   */
  public LayerOutput forwardLayerWithAttention(
      ParameterStore store, int i, NDArray x, boolean training) {
    List<AttentionBlock> attention = attentionBlocks(layers.get(i));
    if (attention.isEmpty()) {
      return new LayerOutput(forwardLayer(store, i, x, training), List.of());
    }
    List<NDArray> sink = new ArrayList<>();
    attention.forEach(block -> block.captureInto(sink));
    try {
      return new LayerOutput(forwardLayer(store, i, x, training), List.copyOf(sink));
    } finally {
      attention.forEach(block -> block.captureInto(null));
    }
  }

  private static List<AttentionBlock> attentionBlocks(Block block) {
    List<AttentionBlock> found = new ArrayList<>();
    if (block instanceof AttentionBlock attention) {
      found.add(attention);
    }
    for (var child : block.getChildren()) {
      found.addAll(attentionBlocks(child.getValue()));
    }
    return found;
  }

  /** What the read-out sees, given the last layer's output. */
  public NDArray headFeatures(ParameterStore store, NDArray h, boolean training) {
    if (headFeatures == null) {
      return h;
    }
    return headFeatures.forward(store, new NDList(h), training).singletonOrThrow();
  }

  public NDArray forwardHead(ParameterStore store, NDArray h, boolean training) {
    NDArray features = headFeatures(store, h, training);
    return readout.forward(store, new NDList(features), training).singletonOrThrow();
  }

  public NDArray logits(ParameterStore store, NDArray x, boolean training) {
    NDArray h = x;
    for (int i = 0; i < layers.size(); i++) {
      h = forwardLayer(store, i, h, training);
    }
    return forwardHead(store, h, training);
  }

  /**
   * {@link #logits} for a large batch without gradients, freeing each layer's temporaries as it
   * goes ({@link LayerByLayer}); the same values.
   */
  public NDArray logitsLayerByLayer(ParameterStore store, NDArray x, NDManager scope) {
    int count = layers.size();
    return LayerByLayer.run(
        x,
        count + 1,
        (i, h) -> i < count ? forwardLayer(store, i, h, false) : forwardHead(store, h, false),
        scope);
  }

  /** Every parameter and state array, in the network's canonical order (checkpoints use it). */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    block().getParameters().forEach(pair -> all.add(pair.getValue()));
    return all;
  }

  /** The parameters an optimiser moves, in canonical order. */
  public List<Parameter> learnableParameters() {
    return learnable(parameters());
  }

  /** Learnable parameters of layer {@code i}. */
  public List<Parameter> layerParameters(int i) {
    return learnable(parametersOf(layers.get(i)));
  }

  /** Every parameter and state array of layer {@code i}. */
  public List<Parameter> layerState(int i) {
    return parametersOf(layers.get(i));
  }

  /** Learnable parameters of the head. */
  public List<Parameter> headParameters() {
    List<Parameter> all = new ArrayList<>();
    if (headFeatures != null) {
      all.addAll(parametersOf(headFeatures));
    }
    all.addAll(parametersOf(readout));
    return learnable(all);
  }

  public static List<Parameter> parametersOf(Block block) {
    List<Parameter> all = new ArrayList<>();
    block.getParameters().forEach(pair -> all.add(pair.getValue()));
    return all;
  }

  /** Whether the optimiser moves it: everything except running statistics. */
  public static boolean isLearnable(Parameter parameter) {
    Parameter.Type type = parameter.getType();
    return type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
  }

  private static List<Parameter> learnable(List<Parameter> parameters) {
    return parameters.stream().filter(Network::isLearnable).toList();
  }

  /** Learnable parameters (the count papers report; running statistics excluded). */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : learnableParameters()) {
      n += p.getArray().size();
    }
    return n;
  }

  @Override
  public void close() {
    model.close();
  }
}
