package dev.taper.training.imitation;

/**
 * One phase of imitation.
 *
 * @param layer the layer whose loss is optimised (for joint, the top layer; for the head phase, the
 *     last layer, whose output feeds the head)
 * @param joint every layer's loss at once instead of layer {@code layer}'s alone
 * @param head the head phase: the thin head matches B's logits
 * @param steps optimiser steps of this phase
 */
record Phase(int layer, boolean joint, boolean head, long steps) {}
