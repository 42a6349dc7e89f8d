package dev.taper.training.family.tanh;

import dev.taper.training.family.Architecture;

/** {@code layers} hidden layers of {@code units} (Linear then tanh), then a linear head. */
public record TanhArchitecture(int inputSize, int layers, int units, int classes)
    implements Architecture {

  @Override
  public String family() {
    return TanhFamily.NAME;
  }

  @Override
  public int imitationLayers() {
    return layers;
  }

  @Override
  public TanhArchitecture widen(int k) {
    return new TanhArchitecture(inputSize, layers, units * k, classes);
  }

  @Override
  public TanhArchitecture deepen(int factor) {
    return new TanhArchitecture(inputSize, layers * factor, units, classes);
  }

  @Override
  public boolean widenedInterfaces() {
    return true;
  }

  @Override
  public int layerOutputWidth(int layer) {
    return units;
  }

  @Override
  public long parameterCount() {
    return (long) inputSize * units
        + units
        + (long) (layers - 1) * ((long) units * units + units)
        + (long) units * classes
        + classes;
  }

  @Override
  public long layerFlopsPerExample(int layer) {
    return 2L * (layer == 0 ? inputSize : units) * units;
  }

  @Override
  public long headFlopsPerExample() {
    return 2L * units * classes;
  }

  @Override
  public long[] inputShape() {
    return new long[] {inputSize};
  }
}
