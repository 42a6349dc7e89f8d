package dev.taper.training.family.transformer;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.taper.training.family.Network;
import dev.taper.training.onnx.DjlBlocks;
import dev.taper.training.onnx.NetworkGraph;
import dev.taper.training.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;

/**
 * The Pre-LN Transformer: the example read as tokens (rows, patches or a sequence), embedded
 * linearly, the class token prepended (with cls pooling) and the position embedding added; blocks
 * of {@code x + Attention(LN(x))} then {@code x + FFN(LN(x))} with an exact-GELU FFN; a final
 * LayerNorm, cls or mean pooling and the linear read-out.
 */
final class TransformerOnnxGraph {

  private TransformerOnnxGraph() {}

  /** Appends the network to {@code graph} and returns the name of its logits. */
  static String logits(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    TransformerArchitecture t = (TransformerArchitecture) network.architecture();
    if (!Arrays.equals(t.inputShape(), exampleShape)) {
      throw new IllegalArgumentException(
          "a Transformer for "
              + Arrays.toString(t.inputShape())
              + " cannot read examples of shape "
              + Arrays.toString(exampleShape));
    }
    String h = embedding(graph, t, network.layer(0), tokens(graph.graph(), t, input));
    for (int i = 1; i < network.layerCount(); i++) {
      h = encoderBlock(graph, t, network.layer(i), h, "layer" + i);
    }
    Block headFeatures =
        network
            .headFeaturesBlock()
            .orElseThrow(() -> new IllegalArgumentException("a Transformer has a head norm"));
    String normed =
        graph.layerNorm(h, (LayerNorm) DjlBlocks.children(headFeatures).get(0), "head.norm");
    return graph.linear(pool(graph.graph(), t.pooling(), normed), network.readout(), "readout");
  }

  /** (N, exampleShape...) to (N, tokens, tokenFeatures), as TokenEmbedding reads examples. */
  private static String tokens(OnnxGraph graph, TransformerArchitecture t, String x) {
    long[] shape = t.inputShape();
    long tokens = t.tokenCount();
    long features = t.tokenFeatures();
    return switch (t.tokens()) {
      case SEQUENCE -> x;
      case ROWS -> {
        String rows =
            shape[0] == 1
                ? x
                : graph
                    .op("Transpose")
                    .input(x)
                    .attribute("perm", new long[] {0, 2, 1, 3})
                    .output("tokens.rows");
        yield reshape(graph, rows, "tokens", 0, tokens, features);
      }
      case PATCHES -> {
        long p = t.patchSize();
        String grid =
            reshape(graph, x, "tokens.grid", 0, shape[0], shape[1] / p, p, shape[2] / p, p);
        String patches =
            graph
                .op("Transpose")
                .input(grid)
                .attribute("perm", new long[] {0, 2, 4, 1, 3, 5})
                .output("tokens.patches");
        yield reshape(graph, patches, "tokens", 0, tokens, features);
      }
    };
  }

  private static String embedding(
      NetworkGraph graph, TransformerArchitecture t, Block layer, String tokens) {
    String h = graph.linear(tokens, (Linear) DjlBlocks.child(layer, "embedding"), "layer0.embed");
    long width = t.width();
    if (t.pooling() == Pooling.CLS) {
      String classToken =
          graph
              .weights()
              .parameter(
                  graph.graph(),
                  "layer0.classToken",
                  DjlBlocks.values(layer, "classToken"),
                  new long[] {1, 1, width});
      h = prependClassToken(graph.graph(), classToken, h, width);
    }
    String position =
        graph
            .weights()
            .parameter(
                graph.graph(),
                "layer0.position",
                DjlBlocks.values(layer, "position"),
                new long[] {t.sequenceLength(), width});
    return graph.add(h, position, "layer0");
  }

  /** The class token broadcast over the batch, then concatenated before the tokens. */
  private static String prependClassToken(
      OnnxGraph graph, String classToken, String tokens, long width) {
    String shape = graph.op("Shape").input(tokens).output("cls.tokensShape");
    String batch =
        graph
            .op("Slice")
            .input(shape, graph.longs("zero", 0), graph.longs("one", 1))
            .output("cls.batch");
    String target =
        graph
            .op("Concat")
            .input(batch, graph.longs("cls.tail", 1, width))
            .attribute("axis", 0L)
            .output("cls.shape");
    String broadcast = graph.op("Expand").input(classToken, target).output("cls.broadcast");
    return graph
        .op("Concat")
        .input(broadcast, tokens)
        .attribute("axis", 1L)
        .output("layer0.withClassToken");
  }

  private static String encoderBlock(
      NetworkGraph graph, TransformerArchitecture t, Block block, String x, String name) {
    List<Block> residuals = DjlBlocks.children(block);
    List<Block> attention = DjlBlocks.children(DjlBlocks.child(residuals.get(0), "branch"));
    String normed = graph.layerNorm(x, (LayerNorm) attention.get(0), name + ".attention.norm");
    String attended = attention(graph, t, attention.get(1), normed, name + ".attention");
    String h = graph.add(x, attended, name + ".attention.residual");
    Block feedForward = DjlBlocks.child(residuals.get(1), "branch");
    String ffn = graph.sequential(h, feedForward, name + ".ffn");
    return graph.add(h, ffn, name + ".ffn.residual");
  }

  /**
   * MultiHeadAttention: its one query-key-value projection has output units ordered (q|k|v, head,
   * position in head), so rows [0, HS) are the queries', [HS, 2HS) the keys' and [2HS, 3HS) the
   * values'; each is applied as its own linear map.
   */
  private static String attention(
      NetworkGraph graph, TransformerArchitecture t, Block attention, String x, String name) {
    Linear qkv = (Linear) DjlBlocks.child(attention, "queryKeyValue");
    float[] weight = DjlBlocks.values(qkv, "weight");
    float[] bias = DjlBlocks.values(qkv, "bias");
    int inner = t.attentionWidth();
    int width = t.width();
    long length = t.sequenceLength();
    String[] projected = new String[3];
    String[] role = {"query", "key", "value"};
    for (int r = 0; r < 3; r++) {
      float[] w = Arrays.copyOfRange(weight, r * inner * width, (r + 1) * inner * width);
      float[] b = Arrays.copyOfRange(bias, r * inner, (r + 1) * inner);
      String flat = graph.linear(x, w, new long[] {inner, width}, b, name + "." + role[r]);
      projected[r] =
          reshape(graph.graph(), flat, flat + ".heads", 0, length, t.heads(), t.headSize());
    }
    OnnxGraph g = graph.graph();
    String q = transpose(g, projected[0], 0, 2, 1, 3);
    String kTransposed = transpose(g, projected[1], 0, 2, 3, 1);
    String v = transpose(g, projected[2], 0, 2, 1, 3);
    String scores = g.op("MatMul").input(q, kTransposed).output(name + ".scores");
    // DJL multiplies by a double scalar, which libtorch applies at the tensor's float32
    String scale = g.scalar("attention_scale", (float) (1.0 / Math.sqrt(t.headSize())));
    String scaled = g.op("Mul").input(scores, scale).output(name + ".scaled");
    String weights = g.op("Softmax").input(scaled).attribute("axis", -1L).output(name + ".softmax");
    String attended = g.op("MatMul").input(weights, v).output(name + ".attended");
    String merged =
        reshape(g, transpose(g, attended, 0, 2, 1, 3), name + ".merged", 0, length, inner);
    return graph.linear(merged, (Linear) DjlBlocks.child(attention, "output"), name + ".output");
  }

  private static String pool(OnnxGraph graph, Pooling pooling, String x) {
    return switch (pooling) {
      case CLS ->
          graph
              .op("Gather")
              .input(x, graph.longScalar("cls.position", 0))
              .attribute("axis", 1L)
              .output("pooled");
      case MEAN ->
          graph
              .op("ReduceMean")
              .input(x)
              .attribute("axes", new long[] {1})
              .attribute("keepdims", 0L)
              .output("pooled");
    };
  }

  /** Reshape where a 0 keeps the input's dimension (the batch). */
  private static String reshape(OnnxGraph graph, String x, String name, long... shape) {
    return graph.op("Reshape").input(x, graph.longs(name + ".shape", shape)).output(name);
  }

  private static String transpose(OnnxGraph graph, String x, long... perm) {
    return graph.op("Transpose").input(x).attribute("perm", perm).output(x + ".transposed");
  }
}
