package dev.taper.training;

import dev.taper.training.family.Network;

/** The model a stage produced and its metrics. Closing it frees the model's native memory. */
public record StageOutcome(Network network, ModelMetrics metrics) implements AutoCloseable {

  @Override
  public void close() {
    network.close();
  }
}
