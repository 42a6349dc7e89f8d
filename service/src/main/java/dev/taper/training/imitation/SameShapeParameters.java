package dev.taper.training.imitation;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.taper.training.family.Network;
import dev.taper.training.loop.InPlace;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the thin network from the wide one wherever their parameters have the same shape: what
 * widening left alone needs no imitating. Thin and wide networks of a family are built by the same
 * code, so their parameters carry the same names; a name whose shapes agree is copied (values and
 * BatchNorm statistics alike). Which parts that is depends on the family: the MLP's read-out bias
 * only; the ResNet's stem, projection shortcuts, each block's last BatchNorm and the read-out; the
 * Transformer's token embedding, position embedding, class token, every LayerNorm and the read-out.
 */
final class SameShapeParameters {

  private SameShapeParameters() {}

  /**
   * @return how many values were copied
   */
  static long copy(Network wide, Network thin) {
    Map<String, Parameter> wideByName = new HashMap<>();
    for (Pair<String, Parameter> parameter : wide.block().getParameters()) {
      wideByName.put(parameter.getKey(), parameter.getValue());
    }
    long copied = 0;
    for (Pair<String, Parameter> parameter : thin.block().getParameters()) {
      Parameter source = wideByName.get(parameter.getKey());
      Parameter target = parameter.getValue();
      if (source != null && source.getArray().getShape().equals(target.getArray().getShape())) {
        InPlace.copy(source.getArray(), target.getArray());
        copied += target.getArray().size();
      }
    }
    return copied;
  }
}
