package dev.taper.bench;

import java.util.List;

/**
 * One comparison a study must win: THIN at least {@code points} above {@code arm}. The MLP study
 * compares THIN with SCRATCH and KD; the ResNet and Transformer studies compare it with SCRATCH and
 * with DEEPER, the small-scale analogue of "ResNet50 trained this way beats ResNet101".
 */
record StudyTarget(String arm, double points) {

  static List<StudyTarget> forFamily(String family) {
    if ("mlp".equals(family)) {
      return List.of(new StudyTarget("SCRATCH", 1.0), new StudyTarget("KD", 1.0));
    }
    return List.of(new StudyTarget("SCRATCH", 1.0), new StudyTarget("DEEPER", 0.0));
  }

  boolean met(double gap) {
    return gap >= points;
  }
}
