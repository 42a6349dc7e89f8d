package dev.taper.training.family.resnet;

import dev.taper.training.family.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * A bottleneck ResNet for images (C, H, W): a 3x3 stem convolution to {@code stemChannels} at
 * {@code stemStride} (2 quarters the cost of everything after it) with BatchNorm and ReLU, then
 * stages of bottleneck blocks (1x1 reduce to the inner channels, 3x3, 1x1 expand to the stage's
 * interface channels, each followed by BatchNorm; identity shortcut, or a 1x1 projection with
 * BatchNorm where the width or resolution changes; ReLU after the sum), global average pooling and
 * a linear head. The first block of every stage after the first halves the resolution with a
 * stride-2 3x3 convolution.
 *
 * <p>Imitation layers: the stem is layer 0, then one per block in order.
 */
public record ResNetArchitecture(
    int channels,
    int height,
    int width,
    int stemChannels,
    int stemStride,
    List<Stage> stages,
    int classes)
    implements Architecture {

  /**
   * @param blocks bottleneck blocks in the stage
   * @param channels interface channels: every block's output (kept when widening)
   * @param innerChannels bottleneck channels of the 1x1-3x3-1x1 branch (multiplied when widening)
   */
  public record Stage(int blocks, int channels, int innerChannels) {

    public Stage {
      positive("stage blocks", blocks);
      positive("stage channels", channels);
      positive("stage innerChannels", innerChannels);
    }
  }

  /** One bottleneck block's shape, as built. */
  public record Block(int in, int inner, int out, int stride, int inputHeight, int inputWidth) {

    public boolean projects() {
      return in != out || stride != 1;
    }

    public int outputHeight() {
      return ResNetArchitecture.strided(inputHeight, stride);
    }

    public int outputWidth() {
      return ResNetArchitecture.strided(inputWidth, stride);
    }
  }

  public ResNetArchitecture {
    positive("channels", channels);
    positive("height", height);
    positive("width", width);
    positive("stemChannels", stemChannels);
    if (stemStride != 1 && stemStride != 2) {
      throw new IllegalArgumentException("stemStride must be 1 or 2, was " + stemStride);
    }
    if (stages == null || stages.isEmpty()) {
      throw new IllegalArgumentException("a resnet needs at least one stage");
    }
    stages = List.copyOf(stages);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, was " + classes);
    }
  }

  @Override
  public String family() {
    return ResNetFamily.NAME;
  }

  /** Every block in order, with its input and output width and resolution. */
  public List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    int in = stemChannels;
    int h = stemHeight();
    int w = stemWidth();
    for (int s = 0; s < stages.size(); s++) {
      Stage stage = stages.get(s);
      for (int b = 0; b < stage.blocks(); b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        Block block = new Block(in, stage.innerChannels(), stage.channels(), stride, h, w);
        blocks.add(block);
        in = block.out();
        h = block.outputHeight();
        w = block.outputWidth();
      }
    }
    return blocks;
  }

  @Override
  public int imitationLayers() {
    return 1 + stages.stream().mapToInt(Stage::blocks).sum();
  }

  @Override
  public ResNetArchitecture widen(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("widen factor must be >= 1, was " + k);
    }
    return withStages(
        stages.stream()
            .map(s -> new Stage(s.blocks(), s.channels(), Math.multiplyExact(s.innerChannels(), k)))
            .toList());
  }

  @Override
  public ResNetArchitecture deepen(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("deepen factor must be >= 1, was " + factor);
    }
    return withStages(
        stages.stream()
            .map(
                s ->
                    new Stage(
                        Math.multiplyExact(s.blocks(), factor), s.channels(), s.innerChannels()))
            .toList());
  }

  private ResNetArchitecture withStages(List<Stage> newStages) {
    return new ResNetArchitecture(
        channels, height, width, stemChannels, stemStride, newStages, classes);
  }

  @Override
  public boolean widenedInterfaces() {
    return false;
  }

  @Override
  public int layerOutputWidth(int layer) {
    return layer == 0 ? stemChannels : blocks().get(layer - 1).out();
  }

  /** Learnable parameters (BatchNorm's running statistics are state, not parameters). */
  @Override
  public long parameterCount() {
    long n = 9L * channels * stemChannels + 2L * stemChannels;
    for (Block b : blocks()) {
      n += (long) b.in() * b.inner() + 2L * b.inner();
      n += 9L * b.inner() * b.inner() + 2L * b.inner();
      n += (long) b.inner() * b.out() + 2L * b.out();
      if (b.projects()) {
        n += (long) b.in() * b.out() + 2L * b.out();
      }
    }
    return n + (long) lastChannels() * classes + classes;
  }

  /** Multiply-adds of the convolutions and the head, times two; normalisation is not counted. */
  /** Multiply-adds of the stem's or a block's convolutions (projection included), times two. */
  @Override
  public long layerFlopsPerExample(int layer) {
    if (layer == 0) {
      return 2 * 9L * channels * stemChannels * stemHeight() * stemWidth();
    }
    Block b = blocks().get(layer - 1);
    long inPixels = (long) b.inputHeight() * b.inputWidth();
    long outPixels = (long) b.outputHeight() * b.outputWidth();
    long macs = inPixels * b.in() * b.inner();
    macs += outPixels * 9L * b.inner() * b.inner();
    macs += outPixels * b.inner() * b.out();
    if (b.projects()) {
      macs += outPixels * b.in() * b.out();
    }
    return 2 * macs;
  }

  @Override
  public long headFlopsPerExample() {
    return 2L * lastChannels() * classes;
  }

  /** Resolution after the stem. */
  public int stemHeight() {
    return strided(height, stemStride);
  }

  public int stemWidth() {
    return strided(width, stemStride);
  }

  int lastChannels() {
    return stages.get(stages.size() - 1).channels();
  }

  @Override
  public long[] inputShape() {
    return new long[] {channels, height, width};
  }

  /** Output size of a 3x3 convolution with padding 1 (or a 1x1 without) at this stride. */
  static int strided(int size, int stride) {
    return (size - 1) / stride + 1;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
