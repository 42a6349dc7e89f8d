package dev.taper.training.family.mlp;

import dev.taper.training.family.Architecture;

/**
 * A multilayer perceptron: {@code depth} hidden layers of {@code width} units (Linear then ReLU),
 * then a linear head. Layer 0 is the stem (input to width), layers 1..depth-1 are the blocks.
 */
public record MlpArchitecture(int inputSize, int depth, int width, int classes)
    implements Architecture {

  public MlpArchitecture {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be >= 1, was " + inputSize);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, was " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, was " + width);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, was " + classes);
    }
  }

  @Override
  public String family() {
    return MlpFamily.NAME;
  }

  @Override
  public int imitationLayers() {
    return depth;
  }

  @Override
  public MlpArchitecture widen(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("widen factor must be >= 1, was " + k);
    }
    return new MlpArchitecture(inputSize, depth, Math.multiplyExact(width, k), classes);
  }

  @Override
  public MlpArchitecture deepen(int factor) {
    return new MlpArchitecture(inputSize, Math.multiplyExact(depth, factor), width, classes);
  }

  @Override
  public boolean widenedInterfaces() {
    return true;
  }

  @Override
  public int layerOutputWidth(int layer) {
    return width;
  }

  /** Input width of hidden layer {@code i}. */
  public int layerInput(int i) {
    return i == 0 ? inputSize : width;
  }

  @Override
  public long parameterCount() {
    long hidden =
        (long) inputSize * width + width + (long) (depth - 1) * ((long) width * width + width);
    return hidden + (long) width * classes + classes;
  }

  @Override
  public long layerFlopsPerExample(int layer) {
    return 2L * layerInput(layer) * width;
  }

  @Override
  public long headFlopsPerExample() {
    return 2L * width * classes;
  }

  @Override
  public long[] inputShape() {
    return new long[] {inputSize};
  }
}
