package dev.taper.training.loop;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's autograd switch is per thread and on by default in every new thread; DJL only turns it
 * off on the thread that loads the engine. A stage running on a worker thread would otherwise
 * record graphs for its teacher and evaluation passes and refuse in-place parameter updates.
 */
public final class GradMode {

  private GradMode() {}

  /** Outside a gradient collector, this thread records no autograd graph. */
  public static void offOutsideCollectors() {
    Engine.getInstance(); // loads the native library the switch lives in
    JniUtils.setGradMode(false);
  }
}
