package dev.taper.training.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * Translates DJL's stock blocks (Linear, Conv2d with the BatchNorm after it, LayerNorm, ReLU, GELU,
 * and sequences of them) into ONNX nodes, storing parameters through a {@link WeightEncoding}. The
 * family exporters compose these with their own blocks (residuals, attention, token embedding).
 */
public final class NetworkGraph {

  /** DJL's BatchNorm and LayerNorm builder default, which every family uses. */
  static final float NORM_EPSILON = 1e-5f;

  /** The names DJL's {@code Activation.reluBlock()} and {@code geluBlock()} give their lambdas. */
  private static final String RELU = "ReLU";

  private static final String GELU = "GELU";

  private final OnnxGraph graph;
  private final WeightEncoding weights;

  public NetworkGraph(OnnxGraph graph, WeightEncoding weights) {
    this.graph = graph;
    this.weights = weights;
  }

  public OnnxGraph graph() {
    return graph;
  }

  public WeightEncoding weights() {
    return weights;
  }

  /**
   * DJL's Linear over the last axis of {@code x}: {@code x W^T + b}. The weight is stored
   * transposed, (in, out), so a plain MatMul applies it to inputs of any rank.
   */
  public String linear(String x, Linear linear, String name) {
    long[] dims = DjlBlocks.shape(linear, "weight");
    return linear(
        x, DjlBlocks.values(linear, "weight"), dims, DjlBlocks.values(linear, "bias"), name);
  }

  /**
   * A linear map from DJL-layout values: {@code weight} is (out, in) row-major, as DJL holds it.
   */
  public String linear(String x, float[] weight, long[] dims, float[] bias, String name) {
    int out = Math.toIntExact(dims[0]);
    int in = Math.toIntExact(dims[1]);
    float[] transposed = new float[weight.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        transposed[i * out + o] = weight[o * in + i];
      }
    }
    String w = weights.weight(graph, name + ".weight", transposed, new long[] {in, out}, 1);
    String b = weights.parameter(graph, name + ".bias", bias, new long[] {out});
    String product = graph.op("MatMul").input(x, w).output(name + ".matmul");
    return graph.op("Add").input(product, b).output(name);
  }

  /** Conv2d followed by BatchNorm in inference mode, as one convolution (see FoldedConvolution). */
  public String convolution(String x, Conv2d conv, BatchNorm norm, String name) {
    FoldedConvolution folded =
        FoldedConvolution.fold(
            DjlBlocks.values(conv, "weight"),
            DjlBlocks.shape(conv, "weight"),
            ownBias(conv),
            DjlBlocks.values(norm, "gamma"),
            DjlBlocks.values(norm, "beta"),
            DjlBlocks.values(norm, "runningMean"),
            DjlBlocks.values(norm, "runningVar"),
            NORM_EPSILON);
    return convolution(x, conv, folded.kernel(), folded.bias(), name);
  }

  /** Conv2d on its own (its bias, or none). */
  public String convolution(String x, Conv2d conv, String name) {
    return convolution(x, conv, DjlBlocks.values(conv, "weight"), ownBias(conv), name);
  }

  private String convolution(String x, Conv2d conv, float[] kernel, float[] bias, String name) {
    long[] dims = DjlBlocks.shape(conv, "weight");
    String w = weights.weight(graph, name + ".weight", kernel, dims, 0);
    long[] padding = conv.getPadding().getShape();
    OnnxGraph.Node node =
        graph
            .op("Conv")
            .input(x, w)
            .attribute("kernel_shape", conv.getKernelShape().getShape())
            .attribute("strides", conv.getStride().getShape())
            .attribute("dilations", conv.getDilation().getShape())
            .attribute("group", conv.getGroups())
            .attribute("pads", concat(padding, padding));
    if (bias != null) {
      node.input(weights.parameter(graph, name + ".bias", bias, new long[] {dims[0]}));
    }
    return node.output(name);
  }

  /** DJL's LayerNorm over the last axis, which is how every family uses it. */
  public String layerNorm(String x, LayerNorm norm, String name) {
    long[] dims = DjlBlocks.shape(norm, "gamma");
    String gamma = weights.parameter(graph, name + ".gamma", DjlBlocks.values(norm, "gamma"), dims);
    String beta = weights.parameter(graph, name + ".beta", DjlBlocks.values(norm, "beta"), dims);
    return graph
        .op("LayerNormalization")
        .input(x, gamma, beta)
        .attribute("axis", -1L)
        .attribute("epsilon", NORM_EPSILON)
        .output(name);
  }

  public String relu(String x) {
    return graph.op("Relu").input(x).output(x + ".relu");
  }

  /**
   * The exact GELU, {@code x/2 (1 + erf(x / sqrt 2))}: DJL's geluBlock calls libtorch's {@code
   * torch::nn::functional::gelu} with its default {@code approximate="none"}, which is this, not
   * the tanh approximation. (Opset 17 has no Gelu operator; ORT fuses this pattern into one.)
   */
  public String gelu(String x) {
    String scaled =
        graph
            .op("Mul")
            .input(x, graph.scalar("inverse_sqrt2", (float) (1 / Math.sqrt(2))))
            .output(x + ".gelu.scaled");
    String erf = graph.op("Erf").input(scaled).output(x + ".gelu.erf");
    String onePlus = graph.op("Add").input(erf, graph.scalar("one", 1f)).output(x + ".gelu.sum");
    String product = graph.op("Mul").input(x, onePlus).output(x + ".gelu.product");
    return graph.op("Mul").input(product, graph.scalar("half", 0.5f)).output(x + ".gelu");
  }

  public String add(String a, String b, String name) {
    return graph.op("Add").input(a, b).output(name);
  }

  /**
   * A block built from the stock blocks above, possibly nested in SequentialBlocks; a Conv2d
   * directly followed by a BatchNorm becomes one folded convolution.
   */
  public String sequential(String x, Block block, String name) {
    if (!(block instanceof SequentialBlock)) {
      return single(x, block, name);
    }
    List<Block> children = DjlBlocks.children(block);
    String h = x;
    for (int i = 0; i < children.size(); i++) {
      Block child = children.get(i);
      String childName = name + "." + i;
      if (child instanceof Conv2d conv
          && i + 1 < children.size()
          && children.get(i + 1) instanceof BatchNorm norm) {
        h = convolution(h, conv, norm, childName);
        i++;
      } else {
        h = sequential(h, child, childName);
      }
    }
    return h;
  }

  private String single(String x, Block block, String name) {
    if (block instanceof Linear linear) {
      return linear(x, linear, name);
    }
    if (block instanceof Conv2d conv) {
      return convolution(x, conv, name);
    }
    if (block instanceof LayerNorm norm) {
      return layerNorm(x, norm, name);
    }
    if (block instanceof LambdaBlock lambda && RELU.equals(lambda.getName())) {
      return relu(x);
    }
    if (block instanceof LambdaBlock lambda && GELU.equals(lambda.getName())) {
      return gelu(x);
    }
    throw new IllegalArgumentException("no ONNX translation for block " + name + ": " + block);
  }

  private static float[] ownBias(Conv2d conv) {
    return conv.getDirectParameters().values().stream().anyMatch(p -> p.getName().equals("bias"))
        ? DjlBlocks.values(conv, "bias")
        : null;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] both = new long[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
