package dev.taper.training.family.transformer;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.taper.training.family.Architecture;
import java.util.Arrays;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A Pre-LN Transformer encoder (Xiong et al. 2020): tokens are embedded linearly to {@code width}
 * and given a learned position embedding (and, with {@link Pooling#CLS}, a learned class token);
 * each block is {@code x + Attention(LN(x))} then {@code x + FFN(LN(x))} with a GELU FFN; a final
 * LayerNorm, pooling and a linear head follow. Attention has {@code heads} heads of {@code
 * headSize}; their total may differ from {@code width}, which is what lets widening add heads.
 *
 * <p>Imitation layers: the embedding is layer 0, then one per block.
 *
 * @param exampleShape one example as the dataset stores it: (C, H, W) for rows and patches, (T, F)
 *     for sequences
 * @param patchSize side of the square patches; only for {@link TokenLayout#PATCHES}, else 0
 * @param width the residual width (kept when widening, unless {@code widening} is residual)
 * @param ffnWidth inner size of the feed-forward network (multiplied when widening)
 * @param widening what widening multiplies besides the FFN (architecture.json without it: heads)
 * @param tokens written by constant name ({@code PATCHES}), as architecture.json always had it,
 *     while specs use the lower-case wire name
 */
public record TransformerArchitecture(
    long[] exampleShape,
    @JsonSerialize(converter = ConstantName.class)
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
        TokenLayout tokens,
    int patchSize,
    int blocks,
    int width,
    int heads,
    int headSize,
    int ffnWidth,
    @JsonSerialize(converter = ConstantName.class)
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
        Pooling pooling,
    int classes,
    @JsonSerialize(converter = ConstantName.class)
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
        AttentionWidening widening)
    implements Architecture {

  /** A Transformer that widens its attention by heads, as architectures always did. */
  public TransformerArchitecture(
      long[] exampleShape,
      TokenLayout tokens,
      int patchSize,
      int blocks,
      int width,
      int heads,
      int headSize,
      int ffnWidth,
      Pooling pooling,
      int classes) {
    this(
        exampleShape,
        tokens,
        patchSize,
        blocks,
        width,
        heads,
        headSize,
        ffnWidth,
        pooling,
        classes,
        AttentionWidening.HEADS);
  }

  public TransformerArchitecture {
    exampleShape = exampleShape.clone();
    if (widening == null) {
      widening = AttentionWidening.HEADS;
    }
    if (tokens == null || pooling == null) {
      throw new IllegalArgumentException("tokens and pooling are required");
    }
    checkLayout(exampleShape, tokens, patchSize);
    positive("blocks", blocks);
    positive("width", width);
    positive("heads", heads);
    positive("headSize", headSize);
    positive("ffnWidth", ffnWidth);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, was " + classes);
    }
  }

  private static void checkLayout(long[] shape, TokenLayout tokens, int patchSize) {
    int rank = tokens == TokenLayout.SEQUENCE ? 2 : 3;
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          "tokens "
              + tokens.wireName()
              + " need examples of rank "
              + rank
              + ", not "
              + Arrays.toString(shape));
    }
    if (tokens == TokenLayout.PATCHES) {
      if (patchSize < 1 || shape[1] % patchSize != 0 || shape[2] % patchSize != 0) {
        throw new IllegalArgumentException(
            "patchSize "
                + patchSize
                + " must divide the image's height and width "
                + shape[1]
                + "x"
                + shape[2]);
      }
    } else if (patchSize != 0) {
      throw new IllegalArgumentException("patchSize applies to patch tokens only");
    }
  }

  @Override
  public String family() {
    return TransformerFamily.NAME;
  }

  /** Tokens the embedding produces from one example (the class token not included). */
  public int tokenCount() {
    return switch (tokens) {
      case ROWS -> (int) exampleShape[1];
      case PATCHES -> (int) (exampleShape[1] / patchSize * (exampleShape[2] / patchSize));
      case SEQUENCE -> (int) exampleShape[0];
    };
  }

  /** Features of one token before embedding. */
  public int tokenFeatures() {
    return switch (tokens) {
      case ROWS -> (int) (exampleShape[0] * exampleShape[2]);
      case PATCHES -> (int) exampleShape[0] * patchSize * patchSize;
      case SEQUENCE -> (int) exampleShape[1];
    };
  }

  /** Positions the blocks see: the tokens, plus the class token when pooling by it. */
  public int sequenceLength() {
    return tokenCount() + (pooling == Pooling.CLS ? 1 : 0);
  }

  /** Width of the attention's query, key and value projections: heads times head size. */
  public int attentionWidth() {
    return Math.multiplyExact(heads, headSize);
  }

  @Override
  public int imitationLayers() {
    return 1 + blocks;
  }

  @Override
  public TransformerArchitecture widen(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("widen factor must be >= 1, was " + k);
    }
    boolean byHeads = widening == AttentionWidening.HEADS;
    boolean residual = widening == AttentionWidening.RESIDUAL;
    return new TransformerArchitecture(
        exampleShape,
        tokens,
        patchSize,
        blocks,
        residual ? Math.multiplyExact(width, k) : width,
        byHeads ? Math.multiplyExact(heads, k) : heads,
        byHeads ? headSize : Math.multiplyExact(headSize, k),
        Math.multiplyExact(ffnWidth, k),
        pooling,
        classes,
        widening);
  }

  @Override
  public TransformerArchitecture deepen(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("deepen factor must be >= 1, was " + factor);
    }
    return new TransformerArchitecture(
        exampleShape,
        tokens,
        patchSize,
        Math.multiplyExact(blocks, factor),
        width,
        heads,
        headSize,
        ffnWidth,
        pooling,
        classes,
        widening);
  }

  @Override
  public boolean widenedInterfaces() {
    return false;
  }

  @Override
  public int layerOutputWidth(int layer) {
    return width;
  }

  @Override
  public int layerOutputPositions(int layer) {
    return sequenceLength();
  }

  @Override
  public int pooledToken() {
    return pooling == Pooling.CLS ? 0 : -1;
  }

  @Override
  public long parameterCount() {
    long d = width;
    long a = attentionWidth();
    long embedding = (long) tokenFeatures() * d + d + (long) sequenceLength() * d;
    long classToken = pooling == Pooling.CLS ? d : 0;
    long attention = 3 * (d * a + a) + a * d + d;
    long ffn = d * ffnWidth + ffnWidth + (long) ffnWidth * d + d;
    long block = 2 * d + attention + 2 * d + ffn;
    long head = 2 * d + d * classes + classes;
    return embedding + classToken + blocks * block + head;
  }

  /**
   * Multiply-adds, times two: the stem's patch embedding; a block's projections, attention's two
   * products and the feed-forward network.
   */
  @Override
  public long layerFlopsPerExample(int layer) {
    long d = width;
    if (layer == 0) {
      return 2L * tokenCount() * tokenFeatures() * d;
    }
    long t = sequenceLength();
    long a = attentionWidth();
    long attention = 3 * t * d * a + 2 * t * t * a + t * a * d;
    long ffn = 2 * t * d * ffnWidth;
    return 2 * (attention + ffn);
  }

  @Override
  public long headFlopsPerExample() {
    return 2L * width * classes;
  }

  @Override
  public long[] inputShape() {
    return exampleShape.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TransformerArchitecture that
        && Arrays.equals(exampleShape, that.exampleShape)
        && tokens == that.tokens
        && patchSize == that.patchSize
        && blocks == that.blocks
        && width == that.width
        && heads == that.heads
        && headSize == that.headSize
        && ffnWidth == that.ffnWidth
        && pooling == that.pooling
        && classes == that.classes
        && widening == that.widening;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(exampleShape)
        + java.util.Objects.hash(
            tokens, patchSize, blocks, width, heads, headSize, ffnWidth, pooling, classes,
            widening);
  }

  @Override
  public String toString() {
    return "TransformerArchitecture[exampleShape="
        + Arrays.toString(exampleShape)
        + ", tokens="
        + tokens
        + ", patchSize="
        + patchSize
        + ", blocks="
        + blocks
        + ", width="
        + width
        + ", heads="
        + heads
        + ", headSize="
        + headSize
        + ", ffnWidth="
        + ffnWidth
        + ", pooling="
        + pooling
        + ", classes="
        + classes
        + ", widening="
        + widening
        + "]";
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
