package dev.taper.training.family.transformer;

import ai.djl.Device;
import dev.taper.training.family.FamilyIdentity;
import dev.taper.training.family.FieldChecks;
import dev.taper.training.family.Initialisation;
import dev.taper.training.family.ModelMismatchException;
import dev.taper.training.family.Network;
import dev.taper.training.family.SizeLimits;
import dev.taper.training.onnx.NetworkGraph;
import java.util.Objects;

/**
 * Pre-LN Transformer encoders over images (rows or patches) or sequences. Widening multiplies the
 * FFN width and, as {@link AttentionWidening} says, the heads or their size, which keeps every
 * block's residual width so imitation compares block outputs directly, or the residual width with
 * the head size, which imitation bridges with a learned projection per layer.
 */
public final class TransformerFamily
    extends FamilyIdentity<TransformerModelSpec, TransformerArchitecture> {

  public static final String NAME = "transformer";

  /** Side of a patch when {@code tokens} is {@code patches}: 7 cuts a 28x28 image into 16. */
  static final int PATCH_SIZE = 7;

  /** A small encoder that trains in minutes on a CPU, reading images row by row. */
  static final TransformerModelSpec DEFAULT =
      new TransformerModelSpec(4, 64, TokenLayout.ROWS, null, 2, 16, 128, Pooling.CLS, null);

  /** Heads and FFN widen; four times already makes the teacher several times the thin one. */
  static final int WIDEN_FACTOR = 4;

  static final int MAX_HEADS = 256;
  static final int MAX_HEAD_SIZE = 1_024;
  static final int MAX_PATCH_SIZE = 1_024;
  static final int MAX_FFN_WIDTH = 65_536;
  static final int MAX_WIDE_FFN_WIDTH = 262_144;

  public TransformerFamily() {
    super(NAME, TransformerModelSpec.class, TransformerArchitecture.class, DEFAULT, WIDEN_FACTOR);
  }

  @Override
  public TransformerModelSpec withDefaults(TransformerModelSpec spec) {
    TokenLayout tokens = or(spec.tokens(), DEFAULT.tokens());
    Integer patchSize =
        spec.patchSize() == null && tokens == TokenLayout.PATCHES
            ? Integer.valueOf(PATCH_SIZE)
            : spec.patchSize();
    return new TransformerModelSpec(
        or(spec.depth(), DEFAULT.depth()),
        or(spec.width(), DEFAULT.width()),
        tokens,
        patchSize,
        or(spec.heads(), DEFAULT.heads()),
        or(spec.headSize(), DEFAULT.headSize()),
        or(spec.ffnWidth(), DEFAULT.ffnWidth()),
        or(spec.pooling(), DEFAULT.pooling()),
        // left out unless given (widening by heads), so specs written before it hash as they did
        spec.widening());
  }

  @Override
  public void check(TransformerModelSpec m, int widenFactor, FieldChecks checks) {
    checks.range("depth", m.depth(), 1, SizeLimits.MAX_DEPTH);
    checks.range("width", m.width(), 1, SizeLimits.MAX_WIDTH);
    checks.range("heads", m.heads(), 1, MAX_HEADS);
    checks.range("headSize", m.headSize(), 1, MAX_HEAD_SIZE);
    checks.range("ffnWidth", m.ffnWidth(), 1, MAX_FFN_WIDTH);
    if (m.tokens() == TokenLayout.PATCHES) {
      checks.range("patchSize", m.patchSize(), 1, MAX_PATCH_SIZE);
    } else if (m.patchSize() != null && !checks.has("tokens")) {
      checks.add("patchSize", "only with tokens=patches");
    }
    FieldChecks root = checks.root();
    if (!checks.has("heads") && !checks.has("headSize")) {
      long attention = (long) m.heads() * m.headSize();
      checks.require(
          "heads",
          attention <= SizeLimits.MAX_WIDTH,
          "heads x headSize must be at most " + SizeLimits.MAX_WIDTH + ", was " + attention);
      root.require(
          "widenFactor",
          attention > SizeLimits.MAX_WIDTH || attention * widenFactor <= SizeLimits.MAX_WIDE_WIDTH,
          "makes the wide network's attention (heads x headSize) wider than "
              + SizeLimits.MAX_WIDE_WIDTH);
    }
    if (m.widening() == AttentionWidening.RESIDUAL && !checks.has("width")) {
      root.require(
          "widenFactor",
          (long) m.width() * widenFactor <= SizeLimits.MAX_WIDE_WIDTH,
          "makes the wide network's residual width wider than " + SizeLimits.MAX_WIDE_WIDTH);
    }
    if (!checks.has("ffnWidth")) {
      root.require(
          "widenFactor",
          (long) m.ffnWidth() * widenFactor <= MAX_WIDE_FFN_WIDTH,
          "makes the wide network's FFN wider than " + MAX_WIDE_FFN_WIDTH);
    }
  }

  @Override
  public TransformerArchitecture architecture(
      TransformerModelSpec m, long[] exampleShape, int classes) {
    boolean sequence = m.tokens() == TokenLayout.SEQUENCE;
    if (sequence && exampleShape.length != 2) {
      throw ModelMismatchException.wrongExamples(
          "tokens", "sequence needs examples of rank 2 (steps, features)", "");
    }
    if (!sequence && exampleShape.length != 3) {
      throw ModelMismatchException.wrongExamples(
          "tokens",
          m.tokens().wireName() + " needs image examples (channels, height, width)",
          exampleShape.length == 2 ? "(use tokens=sequence)" : "");
    }
    if (m.tokens() == TokenLayout.PATCHES
        && (exampleShape[1] % m.patchSize() != 0 || exampleShape[2] % m.patchSize() != 0)) {
      throw ModelMismatchException.badValue(
          "patchSize",
          "must divide the images' height and width ("
              + exampleShape[1]
              + "x"
              + exampleShape[2]
              + ")");
    }
    return new TransformerArchitecture(
        exampleShape,
        m.tokens(),
        m.patchSize() == null ? 0 : m.patchSize(),
        m.depth(),
        m.width(),
        m.heads(),
        m.headSize(),
        m.ffnWidth(),
        m.pooling(),
        classes,
        m.widening() == null ? AttentionWidening.HEADS : m.widening());
  }

  @Override
  public Network build(TransformerArchitecture architecture, Device device) {
    return Transformers.build(architecture, device);
  }

  @Override
  public Initialisation.Scheme initialisation() {
    return Initialisation.Scheme.XAVIER;
  }

  @Override
  public String describe(TransformerArchitecture t) {
    return "transformer, "
        + t.blocks()
        + " blocks of width "
        + t.width()
        + ", "
        + t.heads()
        + " heads of "
        + t.headSize()
        + ", FFN "
        + t.ffnWidth()
        + ", "
        + t.tokenCount()
        + " "
        + t.tokens().wireName()
        + " tokens, "
        + t.pooling().wireName()
        + " pooling";
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }

  @Override
  public String writeOnnx(NetworkGraph graph, Network network, String input, long[] exampleShape) {
    return TransformerOnnxGraph.logits(graph, network, input, exampleShape);
  }
}
