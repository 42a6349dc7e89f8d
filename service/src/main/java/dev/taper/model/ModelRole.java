package dev.taper.model;

/** What a model is in an experiment: the method's three models, the baselines, and exports. */
public enum ModelRole {
  WIDE,
  WARMED,
  THIN,
  SCRATCH,
  KD,
  DEEPER,
  /** An ONNX export of another model (its parent, edge {@code EXPORTED_FROM}) at one precision. */
  EXPORT
}
