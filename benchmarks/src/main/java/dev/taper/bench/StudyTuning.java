package dev.taper.bench;

import java.util.List;

/**
 * What a study sweeps over its learning-rate grid. With a grid, SCRATCH, KD, DEEPER and fine-tuning
 * (arm THIN) are always swept; WIDE and imitation (arm WARMED) train once at the spec's rate unless
 * the study tunes them too.
 *
 * @param lrGrid the learning rates to sweep, or empty to train every arm at the spec's rates
 * @param wide whether WIDE is swept over the grid too
 * @param imitation whether imitation is swept over the grid too
 */
record StudyTuning(List<Double> lrGrid, boolean wide, boolean imitation) {

  StudyTuning {
    lrGrid = List.copyOf(lrGrid);
    if ((wide || imitation) && lrGrid.isEmpty()) {
      throw new IllegalArgumentException(
          "tuning "
              + (wide && imitation ? "WIDE and imitation" : wide ? "WIDE" : "imitation")
              + " needs a learning-rate grid");
    }
  }

  /** Every arm at the spec's rates. */
  static StudyTuning none() {
    return new StudyTuning(List.of(), false, false);
  }

  /** The baselines and fine-tuning swept over {@code lrGrid}; WIDE and imitation not. */
  static StudyTuning grid(List<Double> lrGrid) {
    return new StudyTuning(lrGrid, false, false);
  }

  boolean swept() {
    return !lrGrid.isEmpty();
  }

  /** The grid when {@code tuned}, else the spec's own rate alone. */
  List<Double> rates(boolean tuned, double own) {
    return tuned ? lrGrid : List.of(own);
  }

  /** The same sweeps over another grid (the command line's {@code --lr-grid}). */
  StudyTuning withGrid(List<Double> grid) {
    return new StudyTuning(grid, wide, imitation);
  }
}
