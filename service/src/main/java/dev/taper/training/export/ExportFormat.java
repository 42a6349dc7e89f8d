package dev.taper.training.export;

import dev.taper.training.WireName;

/** The file formats a model can be exported to. */
public enum ExportFormat implements WireName {
  /** An ONNX model from raw input to logits, packaged for DJL Serving ({@link ServingPackage}). */
  ONNX
}
