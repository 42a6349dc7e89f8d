package dev.taper.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The learning rates a study sweeps: positive, each once, in the order given. */
final class LearningRateGrid {

  private LearningRateGrid() {}

  /** Parses {@code 3e-4,1e-3,3e-3}. */
  static List<Double> parse(String text) {
    List<Double> values = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        values.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--lr-grid: not a number: " + part.trim());
      }
    }
    return check(values);
  }

  static List<Double> check(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the learning-rate grid is empty");
    }
    for (double value : values) {
      if (!(value > 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("learning rates must be > 0, got " + value);
      }
    }
    if (new HashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException("the learning-rate grid repeats a value: " + values);
    }
    return List.copyOf(values);
  }
}
