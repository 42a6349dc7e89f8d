package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale at which the thin layers' lifts compare with the teacher's block outputs: each of B's
 * block outputs divided by its RMS on a fixed batch, so every lift maps unit-scale thin features to
 * unit-scale targets whatever the depth.
 *
 * <p>Why: a trained deep ReLU network's activations grow with depth (in a depth-24 MLP teacher, to
 * hundreds). A lift reaching them needs weights in the hundreds and the drop after it, its left
 * inverse, weights near 1/100; Adam moves every weight by about the learning rate per step, which
 * for such a drop is a relative change of 10% a step, and a progressive phase's loss rose 20-fold.
 * Merging is unaffected: lift and drop meet in the scaled space, and the merge multiplies them.
 */
record TargetScales(List<Double> rms) {

  /** No scaling: families without pairs compare thin and wide outputs directly. */
  static final TargetScales NONE = new TargetScales(List.of());

  TargetScales {
    rms = List.copyOf(rms);
  }

  /** The RMS of each of the teacher's block outputs on {@code x}, a fixed batch. */
  static TargetScales measure(Network teacher, NDArray x) {
    ParameterStore store = new ParameterStore(teacher.manager(), false);
    List<Double> rms = new ArrayList<>();
    NDArray b = x;
    for (int i = 0; i < teacher.layerCount(); i++) {
      b = teacher.forwardLayer(store, i, b, false);
      double value = Rms.of(b);
      rms.add(value > 0 && Double.isFinite(value) ? value : 1.0);
    }
    return new TargetScales(rms);
  }

  /** Block output {@code i} of the teacher as the lift of thin layer {@code i} is to reproduce. */
  NDArray scaled(int i, NDArray teacherOutput) {
    if (i >= rms.size()) {
      return teacherOutput;
    }
    // outside autograd: the teacher's outputs record no gradient (see Scalars)
    return teacherOutput.div(rms.get(i).floatValue());
  }
}
