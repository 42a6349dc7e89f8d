package dev.taper.training.family.transformer;

import dev.taper.training.WireName;

/**
 * How a Transformer reads its examples as a sequence of tokens. Images (C, H, W) are read as rows
 * (H tokens of C*W features) or as non-overlapping patches ((H/p)*(W/p) tokens of C*p*p features);
 * sequence datasets (T, F) are read as they are.
 */
public enum TokenLayout implements WireName {
  ROWS,
  PATCHES,
  SEQUENCE
}
