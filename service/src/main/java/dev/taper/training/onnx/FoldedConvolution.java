package dev.taper.training.onnx;

/**
 * A convolution with the inference-mode BatchNorm after it folded in: {@code BN(conv(x, W))} with
 * running statistics equals {@code conv(x, W') + b'} where, per output channel c, {@code s_c =
 * gamma_c / sqrt(var_c + eps)}, {@code W'_c = s_c W_c} and {@code b'_c = beta_c - s_c mean_c (+ s_c
 * bias_c)}. Computed in double, rounded once to float.
 *
 * @param kernel (out, in, kh, kw), row-major
 */
public record FoldedConvolution(float[] kernel, long[] kernelDims, float[] bias) {

  /**
   * @param bias the convolution's own bias, or null when it has none
   */
  public static FoldedConvolution fold(
      float[] kernel,
      long[] kernelDims,
      float[] bias,
      float[] gamma,
      float[] beta,
      float[] runningMean,
      float[] runningVar,
      float epsilon) {
    int channels = Math.toIntExact(kernelDims[0]);
    int perChannel = kernel.length / channels;
    float[] folded = new float[kernel.length];
    float[] foldedBias = new float[channels];
    for (int c = 0; c < channels; c++) {
      double scale = gamma[c] / Math.sqrt((double) runningVar[c] + epsilon);
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        folded[i] = (float) (scale * kernel[i]);
      }
      double ownBias = bias == null ? 0 : bias[c];
      foldedBias[c] = (float) (beta[c] + scale * (ownBias - runningMean[c]));
    }
    return new FoldedConvolution(folded, kernelDims.clone(), foldedBias);
  }
}
