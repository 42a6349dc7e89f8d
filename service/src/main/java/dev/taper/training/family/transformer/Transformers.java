package dev.taper.training.family.transformer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkModels;
import dev.taper.training.family.Residual;
import java.util.ArrayList;
import java.util.List;

/** Builds the blocks of a {@link TransformerArchitecture}. */
final class Transformers {

  /** Tensors inside the network are (N, tokens, width); LayerNorm normalises the width. */
  private static final int FEATURE_AXIS = 2;

  private Transformers() {}

  static Network build(TransformerArchitecture transformer, Device device) {
    List<Block> layers = new ArrayList<>();
    layers.add(new TokenEmbedding(transformer));
    for (int i = 0; i < transformer.blocks(); i++) {
      layers.add(encoderBlock(transformer));
    }
    SequentialBlock body = new SequentialBlock();
    layers.forEach(body::add);
    Block headFeatures = new SequentialBlock().add(layerNorm()).add(pooling(transformer.pooling()));
    Linear readout = Linear.builder().setUnits(transformer.classes()).build();
    SequentialBlock root = new SequentialBlock().add(body).add(headFeatures).add(readout);
    long[] input = new long[transformer.exampleShape().length + 1];
    input[0] = 1;
    System.arraycopy(transformer.exampleShape(), 0, input, 1, input.length - 1);
    Model model = NetworkModels.allocate(root, new Shape(input), device);
    return new Network(transformer, model, layers, headFeatures, readout);
  }

  /** Pre-LN: the norms sit inside the residual branches, so the residual stream is never normed. */
  private static Block encoderBlock(TransformerArchitecture t) {
    Block attention =
        new Residual(
            new SequentialBlock()
                .add(layerNorm())
                .add(new MultiHeadAttention(t.width(), t.heads(), t.headSize())),
            null,
            false);
    Block feedForward =
        new Residual(
            new SequentialBlock()
                .add(layerNorm())
                .add(Linear.builder().setUnits(t.ffnWidth()).build())
                .add(Activation.geluBlock())
                .add(Linear.builder().setUnits(t.width()).build()),
            null,
            false);
    return new SequentialBlock().add(attention).add(feedForward);
  }

  private static Block pooling(Pooling pooling) {
    return switch (pooling) {
      case CLS -> LambdaBlock.singleton(x -> x.get(":, 0, :"), "classTokenPool");
      case MEAN -> LambdaBlock.singleton(x -> x.mean(new int[] {1}), "meanPool");
    };
  }

  private static LayerNorm layerNorm() {
    return LayerNorm.builder().axis(FEATURE_AXIS).build();
  }
}
