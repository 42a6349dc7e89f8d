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

/**
 * A built network of some family, seen the way the stages need it: imitation layers 0..L that can
 * be run one at a time, and a head. Owns its DJL {@link Model} (and so the native memory of its
 * parameters) until closed.
 */
public final class Network implements AutoCloseable {

  private final Architecture architecture;
  private final Model model;
  private final List<Block> layers;
  private final Block head;

  Network(Architecture architecture, Model model, List<Block> layers, Block head) {
    this.architecture = architecture;
    this.model = model;
    this.layers = List.copyOf(layers);
    this.head = head;
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

  public Block head() {
    return head;
  }

  /** The affine map a merge folds a preceding pair into: the first Linear of layer {@code i}. */
  public Linear firstAffine(int i) {
    return Families.firstAffine(layers.get(i));
  }

  /** Output of layer {@code i} given the output of layer {@code i - 1} (or the input for 0). */
  public NDArray forwardLayer(ParameterStore store, int i, NDArray x, boolean training) {
    return layers.get(i).forward(store, new NDList(x), training).singletonOrThrow();
  }

  public NDArray forwardHead(ParameterStore store, NDArray h, boolean training) {
    return head.forward(store, new NDList(h), training).singletonOrThrow();
  }

  public NDArray logits(ParameterStore store, NDArray x, boolean training) {
    NDArray h = x;
    for (int i = 0; i < layers.size(); i++) {
      h = forwardLayer(store, i, h, training);
    }
    return forwardHead(store, h, training);
  }

  /** Every parameter, in the network's canonical order (the order checkpoints use). */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    block().getParameters().forEach(pair -> all.add(pair.getValue()));
    return all;
  }

  public List<Parameter> layerParameters(int i) {
    return parametersOf(layers.get(i));
  }

  public List<Parameter> headParameters() {
    return parametersOf(head);
  }

  static List<Parameter> parametersOf(Block block) {
    List<Parameter> all = new ArrayList<>();
    block.getParameters().forEach(pair -> all.add(pair.getValue()));
    return all;
  }

  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.getArray().size();
    }
    return n;
  }

  @Override
  public void close() {
    model.close();
  }
}
