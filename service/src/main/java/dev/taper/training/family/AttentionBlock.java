package dev.taper.training.family;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A block that computes attention distributions. Imitation compares a student's with its teacher's,
 * so such a block can report them while a sink is set.
 */
public interface AttentionBlock {

  /**
   * While {@code sink} is not null, every forward pass adds its attention probabilities, shaped (N,
   * heads, queries, keys), to it.
   */
  void captureInto(List<NDArray> sink);
}
