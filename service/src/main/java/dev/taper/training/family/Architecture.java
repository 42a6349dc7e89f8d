package dev.taper.training.family;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A network family's full description: enough to rebuild the network and count its cost. Stored as
 * {@code architecture.json} beside every model's parameters.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "family")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MlpArchitecture.class, name = MlpArchitecture.FAMILY),
  @JsonSubTypes.Type(value = ResNetArchitecture.class, name = ResNetArchitecture.FAMILY),
  @JsonSubTypes.Type(value = TransformerArchitecture.class, name = TransformerArchitecture.FAMILY)
})
public sealed interface Architecture
    permits MlpArchitecture, ResNetArchitecture, TransformerArchitecture {

  String family();

  /** Imitation layers: the stem is layer 0, then one per block, L + 1 in all. */
  int imitationLayers();

  /** The wide network B of METHOD.md: every widenable dimension times {@code k}. */
  Architecture widen(int k);

  /** The same family with {@code factor} times the blocks (the DEEPER baseline). */
  Architecture deepen(int factor);

  /**
   * Whether a block's output width changes when the network is widened, so imitation needs the U/V
   * pairs (MLP) rather than comparing block outputs directly (ResNet, Transformer).
   */
  boolean widenedInterfaces();

  long parameterCount();

  /** Forward FLOPs for one example, counting a multiply-add as two. */
  long flopsPerExample();

  long[] inputShape();

  int classes();
}
