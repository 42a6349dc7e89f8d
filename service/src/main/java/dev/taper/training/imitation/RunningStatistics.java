package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;
import java.util.ArrayList;
import java.util.List;

/** A network's BatchNorm running statistics, copied so that a measurement can put them back. */
final class RunningStatistics {

  private RunningStatistics() {}

  /** Restores the statistics as they were at {@link #snapshot} when closed. */
  interface Snapshot extends AutoCloseable {
    @Override
    void close();
  }

  static Snapshot snapshot(Network network, NDManager scope) {
    List<Parameter> state =
        network.parameters().stream().filter(p -> !Network.isLearnable(p)).toList();
    List<NDArray> copies = new ArrayList<>();
    for (Parameter parameter : state) {
      NDArray copy = parameter.getArray().duplicate();
      copy.attach(scope);
      copies.add(copy);
    }
    return () -> {
      for (int i = 0; i < state.size(); i++) {
        InPlace.copy(copies.get(i), state.get(i).getArray());
      }
    };
  }
}
