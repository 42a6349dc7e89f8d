package dev.taper.training.family;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * A network family's full description: enough to rebuild the network and count its cost. Stored as
 * {@code architecture.json} beside every model's parameters, where {@code family} names the
 * registered {@link ModelFamily} it belongs to.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "family")
@JsonTypeIdResolver(FamilyTypeIds.Architectures.class)
public interface Architecture {

  String family();

  /** Imitation layers: the stem is layer 0, then one per block, L + 1 in all. */
  int imitationLayers();

  /** The wide network B of the method: every widenable dimension times {@code k}. */
  Architecture widen(int k);

  /** The same family with {@code factor} times the blocks (the DEEPER baseline). */
  Architecture deepen(int factor);

  /**
   * Whether a block's output width changes when the network is widened and imitation bridges it
   * with the U/V pairs (MLP), merged afterwards, rather than comparing block outputs directly
   * (ResNet, Transformer) or through projections (a Transformer whose residual stream widens, where
   * {@link #layerOutputWidth} differs but no pair can be merged). A family that says so builds
   * layers that begin with a Linear map of the previous layer's output, which the pairs are merged
   * into.
   */
  boolean widenedInterfaces();

  /** Width of layer {@code i}'s output (its last axis), which imitation pairs lift and drop. */
  int layerOutputWidth(int layer);

  /**
   * Positions in one example's output of layer {@code i} that a lift maps one by one: 1 for a
   * vector, the sequence's length for tokens.
   */
  default int layerOutputPositions(int layer) {
    return 1;
  }

  /**
   * The token of a layer's (N, tokens, features) output that the head reads alone (a class token),
   * or -1 when the head reads every token or the outputs are not token sequences.
   */
  default int pooledToken() {
    return -1;
  }

  long parameterCount();

  /**
   * Forward FLOPs for one example, counting a multiply-add as two: every imitation layer's and the
   * head's.
   */
  default long flopsPerExample() {
    long flops = headFlopsPerExample();
    for (int i = 0; i < imitationLayers(); i++) {
      flops += layerFlopsPerExample(i);
    }
    return flops;
  }

  /** Forward FLOPs of imitation layer {@code layer} for one example (0 is the stem). */
  long layerFlopsPerExample(int layer);

  /** Forward FLOPs of the head (what reads the top layer's output into logits) for one example. */
  long headFlopsPerExample();

  long[] inputShape();

  int classes();
}
