package dev.taper.training.family;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/** The DJL model a family's network lives in, never left open when it cannot be built. */
public final class NetworkModels {

  private NetworkModels() {}

  /**
   * A model holding {@code root} with its parameters allocated for inputs of {@code inputShape}; if
   * allocation fails (out of memory, a shape the blocks refuse) the model is closed before the
   * failure goes on, so a worker that retries the job has not leaked the native memory.
   */
  public static Model allocate(Block root, Shape inputShape, Device device) {
    Model model = Model.newInstance(NetworkFiles.MODEL_NAME, device);
    try {
      model.setBlock(root);
      root.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
      return model;
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
  }
}
