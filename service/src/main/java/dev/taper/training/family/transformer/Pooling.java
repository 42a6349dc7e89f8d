package dev.taper.training.family.transformer;

import dev.taper.training.WireName;

/** How a Transformer summarises its tokens for the head. */
public enum Pooling implements WireName {
  /** A learned class token is prepended; its final state feeds the head. */
  CLS,
  /** The mean of every token's final state feeds the head. */
  MEAN
}
