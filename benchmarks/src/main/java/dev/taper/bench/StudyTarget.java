package dev.taper.bench;

import java.util.List;

/**
 * One comparison a study must win: THIN at least {@code points} above {@code arm}. Every family's
 * study asks the same: THIN clearly above the thin network trained directly (SCRATCH, +1.5), above
 * distillation into it (KD, +0.5), and at least as good as a network twice as deep (DEEPER), the
 * small-scale analogue of "ResNet50 trained this way beats ResNet101". Result files written before
 * these targets carry the ones they were judged by.
 */
record StudyTarget(String arm, double points) {

  /** What every study is judged by, whatever its family. */
  static final List<StudyTarget> ALL =
      List.of(
          new StudyTarget("SCRATCH", 1.5),
          new StudyTarget("KD", 0.5),
          new StudyTarget("DEEPER", 0));

  boolean met(double gap) {
    return gap >= points;
  }
}
