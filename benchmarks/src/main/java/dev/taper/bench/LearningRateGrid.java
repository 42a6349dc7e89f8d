package dev.taper.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The learning rates a study sweeps: positive, each once, in the order given, and no two that print
 * alike (results, tables and the study's journal name a run by its printed rate).
 */
final class LearningRateGrid {

  private LearningRateGrid() {}

  /** Parses {@code 3e-4,1e-3,3e-3}. */
  static List<Double> parse(String text) {
    List<Double> values = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        values.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a learning rate: " + part.trim());
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
    List<String> printed = values.stream().map(StudySelection::rate).toList();
    if (new HashSet<>(printed).size() != printed.size()) {
      throw new IllegalArgumentException(
          "the learning-rate grid "
              + values
              + " has rates that differ only past their third significant digit ("
              + printed
              + "); results name each run by that printed rate");
    }
    return List.copyOf(values);
  }
}
