package dev.taper.training;

/**
 * The stages of go-wide-then-narrow, the baselines run beside it, and the exports of their models.
 */
public enum StageKind {
  WIDE,
  IMITATE,
  FINETUNE,
  SCRATCH,
  KD,
  DEEPER,
  /** Not training: an ONNX export of a trained model at one precision, measured. */
  EXPORT
}
