package dev.taper.spec;

import dev.taper.training.WireName;

/** Where an experiment's stages run. */
public enum ComputeDevice implements WireName {
  /** A GPU where the worker has one, else the CPU. */
  AUTO,
  CPU,
  /** Only on workers with a GPU. */
  GPU
}
