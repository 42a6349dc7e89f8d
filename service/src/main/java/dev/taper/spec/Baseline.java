package dev.taper.spec;

import dev.taper.training.StageKind;
import dev.taper.training.WireName;

/** The comparison arms an experiment may run beside the method. */
public enum Baseline implements WireName {
  /** The thin network trained from scratch on the labels. */
  SCRATCH(StageKind.SCRATCH),
  /** The thin network trained from scratch with distillation from the WIDE teacher. */
  KD(StageKind.KD),
  /** A thin network with twice the blocks, trained from scratch. */
  DEEPER(StageKind.DEEPER);

  private final StageKind stage;

  Baseline(StageKind stage) {
    this.stage = stage;
  }

  public StageKind stage() {
    return stage;
  }
}
