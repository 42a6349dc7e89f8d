package dev.taper.bench;

import ai.djl.nn.Parameter;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;
import java.util.List;

/**
 * An independent copy of a network, bit for bit (running statistics included), so that several
 * fine-tuning runs of a learning-rate grid can each start from the same WARMED model.
 */
final class NetworkCopy {

  private NetworkCopy() {}

  static Network of(Network source) {
    Network copy =
        ModelFamilies.buildUninitialised(source.architecture(), source.manager().getDevice());
    try {
      List<Parameter> from = source.parameters();
      List<Parameter> to = copy.parameters();
      if (from.size() != to.size()) {
        throw new IllegalStateException(
            "a rebuilt "
                + source.architecture().family()
                + " network has "
                + to.size()
                + " parameters, the original "
                + from.size());
      }
      for (int i = 0; i < from.size(); i++) {
        InPlace.copy(from.get(i).getArray(), to.get(i).getArray());
      }
      return copy;
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }
}
