package dev.taper.training.family;

import java.util.Arrays;

/** Reading a dataset's example shape into the int sizes an architecture takes. */
public final class ExampleShapes {

  private ExampleShapes() {}

  /** Values per example, for families that read examples flattened. */
  public static int flattenedSize(long[] exampleShape) {
    long size = 1;
    for (long d : exampleShape) {
      size *= dimension(d);
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "examples of shape " + Arrays.toString(exampleShape) + " are too large to flatten");
      }
    }
    return (int) size;
  }

  public static int dimension(long size) {
    if (size < 1 || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("example dimension " + size + " is out of range");
    }
    return (int) size;
  }
}
