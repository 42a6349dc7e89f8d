package dev.taper.training.onnx;

/**
 * IEEE 754 half precision (binary16) conversions; Java 17 has no {@code Float.floatToFloat16}.
 * Rounding is to nearest, ties to even, as ONNX Runtime's Cast does.
 */
public final class HalfFloat {

  private static final int SIGN = 0x8000;
  private static final int INFINITY = 0x7c00;
  private static final int QUIET_NAN = 0x7e00;
  private static final int FLOAT_INFINITY_BITS = 0x7f800000;

  /** 65520: the largest half (65504) plus half an ulp; this and above round to infinity. */
  private static final int OVERFLOW_BITS = 0x477ff000;

  /** 2^-14, the smallest normal half. */
  private static final int SMALLEST_NORMAL_BITS = 0x38800000;

  /** (127 - 15) << 23: moves a float exponent to the half bias. */
  private static final int REBIAS = 0x38000000;

  private static final int DROPPED_BITS = 13;
  private static final int HALF_OF_DROPPED = 1 << (DROPPED_BITS - 1);
  private static final int DROPPED_MASK = (1 << DROPPED_BITS) - 1;

  private HalfFloat() {}

  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & SIGN;
    int magnitude = bits & 0x7fffffff;
    if (magnitude > FLOAT_INFINITY_BITS) {
      return (short) (sign | QUIET_NAN);
    }
    if (magnitude >= OVERFLOW_BITS) {
      return (short) (sign | INFINITY);
    }
    if (magnitude >= SMALLEST_NORMAL_BITS) {
      int rebiased = magnitude - REBIAS;
      int half = rebiased >>> DROPPED_BITS;
      int dropped = rebiased & DROPPED_MASK;
      // a carry out of the significand moves into the exponent, which is what rounding up means
      if (dropped > HALF_OF_DROPPED || (dropped == HALF_OF_DROPPED && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    // a subnormal half counts multiples of 2^-24; scaling by 2^24 is exact, rint ties to even
    int multiples = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
    return (short) (sign | multiples);
  }

  public static float toFloat(short half) {
    int bits = half & 0xffff;
    float sign = (bits & SIGN) == 0 ? 1f : -1f;
    int exponent = (bits >>> 10) & 0x1f;
    int significand = bits & 0x3ff;
    if (exponent == 0) {
      return sign * significand * 0x1p-24f;
    }
    if (exponent == 0x1f) {
      return significand == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    return sign * Math.scalb(1f + significand * 0x1p-10f, exponent - 15);
  }
}
