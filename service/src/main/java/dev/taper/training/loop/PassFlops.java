package dev.taper.training.loop;

/**
 * How the engine counts what training costs, in forward FLOPs (a multiply-add is two): a pass
 * through parameters that train costs three forward passes' worth (the forward pass and a backward
 * pass of about twice its work); a pass that records no gradient (frozen layers below the trained
 * ones, a teacher's reads, the forward passes of a fit) costs one. Evaluation (validation, test,
 * probe batches) is not training and is not counted, in any stage.
 */
public final class PassFlops {

  /** A trained pass's cost in forward passes. */
  public static final int TRAINED_PASSES = 3;

  private PassFlops() {}

  /** Forward FLOPs {@code forward} through parameters that train: forward and backward. */
  public static double trained(long forward) {
    return TRAINED_PASSES * (double) forward;
  }

  /** Forward FLOPs {@code forward} that record no gradient. */
  public static double untrained(long forward) {
    return forward;
  }
}
