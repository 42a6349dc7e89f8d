package dev.taper.model;

/** How a child model came from a parent (edges point parent to child). */
public enum EdgeRelation {
  /** The WARMED model imitated the WIDE model's layers. */
  IMITATED_FROM,
  /** The THIN model is the WARMED model fine-tuned. */
  FINETUNED_FROM,
  /** The child learned from the parent's logits (KD baseline, or fine-tuning with alpha > 0). */
  DISTILLED_FROM,
  /** The child is an export (ONNX, one precision) of the parent. */
  EXPORTED_FROM
}
