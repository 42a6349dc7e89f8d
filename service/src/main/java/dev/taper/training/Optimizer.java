package dev.taper.training;

/** The optimisers a stage can train with. */
public enum Optimizer implements WireName {
  /** Adam with decoupled weight decay (AdamW); the default. */
  ADAM,
  /** Stochastic gradient descent with momentum 0.9. */
  SGD
}
