package dev.taper.training.family.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A Transformer's layer 0: reads an example as tokens ({@link TokenLayout}), embeds each linearly,
 * prepends the class token when pooling by it, and adds the learned position embedding. Output (N,
 * sequenceLength, width).
 */
final class TokenEmbedding extends AbstractBlock {

  private static final byte VERSION = 1;

  private final TransformerArchitecture architecture;
  private final Linear embedding;
  private final Parameter position;
  private final Parameter classToken;

  TokenEmbedding(TransformerArchitecture architecture) {
    super(VERSION);
    this.architecture = architecture;
    int width = architecture.width();
    this.embedding = addChildBlock("embedding", Linear.builder().setUnits(width).build());
    this.position =
        addParameter(
            Parameter.builder()
                .setName("position")
                .setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS)
                .optShape(new Shape(architecture.sequenceLength(), width))
                .build());
    this.classToken =
        architecture.pooling() == Pooling.CLS
            ? addParameter(
                Parameter.builder()
                    .setName("classToken")
                    .setType(Parameter.Type.OTHER)
                    .optInitializer(Initializer.ZEROS)
                    .optInitializer(Initializer.ZEROS)
                    .optShape(new Shape(1, 1, width))
                    .build())
            : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = tokens(inputs.singletonOrThrow());
    NDArray h = embedding.forward(store, new NDList(tokens), training).singletonOrThrow();
    if (classToken != null) {
      NDArray cls =
          store
              .getValue(classToken, h.getDevice(), training)
              .broadcast(new Shape(h.getShape().get(0), 1, architecture.width()));
      // an op's result joins the manager of the array it is called on: without this, the class
      // token (owned by the model) would take every later activation into the model's manager
      cls.attach(h.getManager());
      h = cls.concat(h, 1);
    }
    return new NDList(h.add(store.getValue(position, h.getDevice(), training)));
  }

  /** (N, exampleShape...) to (N, tokens, tokenFeatures). */
  NDArray tokens(NDArray x) {
    long n = x.getShape().get(0);
    int t = architecture.tokenCount();
    int f = architecture.tokenFeatures();
    long[] shape = architecture.exampleShape();
    return switch (architecture.tokens()) {
      case SEQUENCE -> x;
      case ROWS -> shape[0] == 1 ? x.reshape(n, t, f) : x.transpose(0, 2, 1, 3).reshape(n, t, f);
      case PATCHES -> {
        long p = architecture.patchSize();
        yield x.reshape(n, shape[0], shape[1] / p, p, shape[2] / p, p)
            .transpose(0, 2, 4, 1, 3, 5)
            .reshape(n, t, f);
      }
    };
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {
      new Shape(inputShapes[0].get(0), architecture.sequenceLength(), architecture.width())
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    embedding.initialize(
        manager,
        dataType,
        new Shape(inputShapes[0].get(0), architecture.tokenCount(), architecture.tokenFeatures()));
  }
}
