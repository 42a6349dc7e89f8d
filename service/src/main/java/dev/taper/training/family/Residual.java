package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code branch(x) + shortcut(x)}, the shortcut being the identity unless given, optionally
 * followed by a ReLU (ResNet blocks take one after the sum; Pre-LN Transformer blocks do not).
 */
public final class Residual extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block branch;
  private final Block shortcut;
  private final boolean reluAfterSum;

  /**
   * @param shortcut the projection applied to the input before the sum, or null for the identity
   */
  public Residual(Block branch, Block shortcut, boolean reluAfterSum) {
    super(VERSION);
    this.branch = addChildBlock("branch", branch);
    this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    this.reluAfterSum = reluAfterSum;
  }

  /** What the shortcut is added to. */
  public Block branch() {
    return branch;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = branch.forward(store, inputs, training).singletonOrThrow();
    NDArray s = shortcut == null ? x : shortcut.forward(store, inputs, training).singletonOrThrow();
    NDArray sum = y.add(s);
    return new NDList(reluAfterSum ? Activation.relu(sum) : sum);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return branch.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    branch.initialize(manager, dataType, inputShapes);
    if (shortcut != null) {
      shortcut.initialize(manager, dataType, inputShapes);
    }
  }
}
