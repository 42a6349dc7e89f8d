package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.LayerByLayer;
import dev.taper.training.family.Network;

/**
 * The thin network's and the teacher's outputs for the same examples, carried up a layer at a time
 * without gradients, as the fits at a phase's start read them: each layer's temporaries are freed
 * as its output exists ({@link LayerByLayer}), and the outputs below once the next are computed.
 */
final class SideBySide {

  private final Network thin;
  private final Network teacher;
  private final ParameterStore thinStore;
  private final ParameterStore teacherStore;
  private final NDArray input;
  private final NDManager scope;
  private NDArray thinOutput;
  private NDArray teacherOutput;

  /**
   * @param input the examples, left as they are
   * @param scope where the outputs live
   */
  SideBySide(
      Network thin, Network teacher, ParameterStore teacherStore, NDArray input, NDManager scope) {
    this.thin = thin;
    this.teacher = teacher;
    this.thinStore = new ParameterStore(thin.manager(), false);
    this.teacherStore = teacherStore;
    this.input = input;
    this.scope = scope;
    this.thinOutput = input;
    this.teacherOutput = input;
  }

  /** Runs layer {@code i} of both networks on what each holds (the examples, before layer 0). */
  void advance(int i) {
    NDArray h =
        LayerByLayer.run(
            thinOutput, 1, (j, in) -> thin.forwardLayer(thinStore, i, in, false), scope);
    NDArray b =
        LayerByLayer.run(
            teacherOutput, 1, (j, in) -> teacher.forwardLayer(teacherStore, i, in, false), scope);
    release(thinOutput);
    release(teacherOutput);
    thinOutput = h;
    teacherOutput = b;
  }

  /** What the thin network holds: its last layer's output, or the examples. */
  NDArray thin() {
    return thinOutput;
  }

  /** What the teacher holds: its last layer's output, or the examples. */
  NDArray teacher() {
    return teacherOutput;
  }

  private void release(NDArray output) {
    if (output != input) {
      output.close();
    }
  }
}
