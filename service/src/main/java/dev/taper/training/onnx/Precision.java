package dev.taper.training.onnx;

import dev.taper.training.WireName;

/** How an export stores its parameters; computation in ONNX Runtime is float32 for all three. */
public enum Precision implements WireName {
  /** Every parameter as float32. */
  FP32,
  /** Every parameter stored as float16, cast to float32 in the graph. */
  FP16,
  /**
   * Weight matrices and convolution kernels as int8 with one float32 scale per output channel,
   * dequantised in the graph; biases, norms and embeddings stay float32.
   */
  INT8;

  public static final Precision DEFAULT = FP32;

  public WeightEncoding encoding() {
    return switch (this) {
      case FP32 -> new Fp32Weights();
      case FP16 -> new Fp16Weights();
      case INT8 -> new Int8Weights();
    };
  }

  /** The name used in files and metadata: {@code fp32}, {@code fp16}, {@code int8}. */
  public String label() {
    return wireName();
  }
}
