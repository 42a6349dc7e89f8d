package dev.taper.training.imitation;

import dev.taper.training.ImitationConfig;
import dev.taper.training.Stage;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.Network;

/** The imitation stage, as the rest of the engine creates it. */
public final class Imitation {

  private Imitation() {}

  /**
   * The stage that warms a thin network up by imitating {@code teacher} and returns WARMED.
   *
   * @param teacher the WIDE model; read only, and the caller's to close
   */
  public static Stage stage(Architecture thin, ImitationConfig config, Network teacher) {
    return new ImitationStage(thin, config, teacher);
  }
}
