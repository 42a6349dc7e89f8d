package dev.taper.training.family.transformer;

import dev.taper.training.WireName;

/**
 * What widening multiplies in a Transformer besides its FFN, which widens either way. More heads of
 * the same size is the usual way to widen; wider heads keep one teacher head per student head,
 * which lets imitation compare attention distributions head by head. Both keep the residual
 * stream's width, so the teacher has no more room per token than the student; {@link #RESIDUAL}
 * widens the stream too (and the head size, so heads still correspond), and imitation then compares
 * each thin layer with the teacher's through a learned projection.
 */
public enum AttentionWidening implements WireName {
  HEADS,
  HEAD_SIZE,
  RESIDUAL
}
