package dev.taper.model;

/** What a model is in an experiment: the method's three models and the baselines. */
public enum ModelRole {
  WIDE,
  WARMED,
  THIN,
  SCRATCH,
  KD,
  DEEPER
}
