package dev.taper.training.family.transformer;

import dev.taper.training.WireName;

/**
 * What widening multiplies in a Transformer's attention (its FFN widens either way). More heads of
 * the same size is the usual way to widen; wider heads keep one teacher head per student head,
 * which lets imitation compare attention distributions head by head.
 */
public enum AttentionWidening implements WireName {
  HEADS,
  HEAD_SIZE
}
