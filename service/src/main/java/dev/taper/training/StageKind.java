package dev.taper.training;

/** The training stages of go-wide-then-narrow and the baselines run beside it. */
public enum StageKind {
  WIDE,
  IMITATE,
  FINETUNE,
  SCRATCH,
  KD,
  DEEPER
}
