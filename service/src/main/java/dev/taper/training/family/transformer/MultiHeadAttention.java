package dev.taper.training.family.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.taper.training.family.AttentionBlock;
import dev.taper.training.family.Scalars;
import java.util.List;

/**
 * Scaled dot-product self-attention over (N, T, width) with {@code heads} heads of {@code
 * headSize}: one projection to queries, keys and values (heads x headSize each), softmax attention
 * per head, and a projection back to width. Every position attends to every other; sequences have a
 * fixed length, so there is no padding to mask.
 */
final class MultiHeadAttention extends AbstractBlock implements AttentionBlock {

  private static final byte VERSION = 1;

  private final int heads;
  private final int headSize;
  private final Linear queryKeyValue;
  private final Linear output;
  private List<NDArray> attentionSink;

  MultiHeadAttention(int width, int heads, int headSize) {
    super(VERSION);
    this.heads = heads;
    this.headSize = headSize;
    this.queryKeyValue =
        addChildBlock("queryKeyValue", Linear.builder().setUnits(3L * heads * headSize).build());
    this.output = addChildBlock("output", Linear.builder().setUnits(width).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long n = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDList qkv =
        queryKeyValue
            .forward(store, inputs, training)
            .singletonOrThrow()
            .reshape(n, t, 3, heads, headSize)
            .transpose(2, 0, 3, 1, 4)
            .split(3, 0);
    NDArray q = qkv.get(0).squeeze(0);
    NDArray k = qkv.get(1).squeeze(0);
    NDArray v = qkv.get(2).squeeze(0);
    NDArray scores = Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(headSize));
    NDArray probabilities = scores.softmax(-1);
    if (attentionSink != null) {
      attentionSink.add(probabilities);
    }
    NDArray attended =
        probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, (long) heads * headSize);
    return output.forward(store, new NDList(attended), training);
  }

  @Override
  public void captureInto(List<NDArray> sink) {
    attentionSink = sink;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    queryKeyValue.initialize(manager, dataType, in);
    output.initialize(manager, dataType, new Shape(in.get(0), in.get(1), (long) heads * headSize));
  }
}
