package dev.taper.training.onnx;

/**
 * Symmetric int8 quantisation with one scale per channel along an axis: {@code scale = max|w| /
 * 127} over the channel, {@code q = round(w / scale)} (ties to even) in [-127, 127] (-128 is left
 * unused so the range is symmetric), and {@code w ~ q * scale}.
 */
public record PerChannelInt8(byte[] values, float[] scales) {

  private static final int LEVELS = 127;

  public static PerChannelInt8 quantise(float[] w, long[] dims, int axis) {
    Layout layout = Layout.of(dims, axis);
    float[] scales = new float[layout.channels()];
    for (int i = 0; i < w.length; i++) {
      int c = layout.channel(i);
      scales[c] = Math.max(scales[c], Math.abs(w[i]));
    }
    for (int c = 0; c < scales.length; c++) {
      // an all-zero channel quantises to zeros at any positive scale
      scales[c] = scales[c] == 0 ? 1f : scales[c] / LEVELS;
    }
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      // ties to even, as ONNX quantisers round: symmetric for w and -w
      long level = (long) Math.rint(w[i] / scales[layout.channel(i)]);
      q[i] = (byte) Math.max(-LEVELS, Math.min(LEVELS, level));
    }
    return new PerChannelInt8(q, scales);
  }

  /** The values DequantizeLinear restores. */
  public float[] dequantise(long[] dims, int axis) {
    Layout layout = Layout.of(dims, axis);
    float[] w = new float[values.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = values[i] * scales[layout.channel(i)];
    }
    return w;
  }

  /** Row-major position to channel: the index along {@code axis}. */
  private record Layout(int channels, int inner) {

    static Layout of(long[] dims, int axis) {
      if (axis < 0 || axis >= dims.length) {
        throw new IllegalArgumentException("axis " + axis + " outside a rank " + dims.length);
      }
      long inner = 1;
      for (int d = axis + 1; d < dims.length; d++) {
        inner *= dims[d];
      }
      return new Layout(Math.toIntExact(dims[axis]), Math.toIntExact(inner));
    }

    int channel(int position) {
      return (position / inner) % channels;
    }
  }
}
