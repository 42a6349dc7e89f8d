package dev.taper.training.family;

/**
 * Upper bounds of the sizes a spec may ask for: generous for a CPU or one GPU, but they stop a typo
 * from asking for a network that cannot be allocated. A wide network may exceed a thin one's bound
 * by the widen factor, up to its own.
 */
public final class SizeLimits {

  public static final int MAX_DEPTH = 256;
  public static final int MAX_WIDTH = 16_384;
  public static final int MAX_WIDE_WIDTH = 65_536;

  /**
   * Depth and width bound each dimension, not their product: a network may also hold no more
   * parameters than this. Training keeps four floats per parameter (the weights, their gradients
   * and Adam's two moments), 16 GB at this bound.
   */
  public static final long MAX_PARAMETERS = 1_000_000_000L;

  private SizeLimits() {}
}
