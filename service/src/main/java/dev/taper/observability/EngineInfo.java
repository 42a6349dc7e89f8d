package dev.taper.observability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Utils;

/**
 * Prints what DJL's PyTorch engine sees on this machine: engine version, devices, cache folder.
 *
 * <p>Operators run it to diagnose a node ({@code java -cp taper-exec.jar ...EngineInfo}). The
 * Docker build runs it once so that DJL extracts the PyTorch natives into the image's cache folder:
 * containers then start with {@code ai.djl.offline=true} and never reach the network.
 */
public final class EngineInfo {

  private EngineInfo() {}

  public static void main(String[] args) {
    Engine engine = Engine.getEngine("PyTorch");
    System.out.println("engine: " + engine.getEngineName() + " " + engine.getVersion());
    System.out.println("gpus: " + engine.getGpuCount());
    System.out.println("default device: " + engine.defaultDevice());
    System.out.println("cache dir: " + Utils.getEngineCacheDir());
    // One real operation: loading the engine alone may defer part of the native loading.
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray sum = manager.ones(new Shape(2, 2)).sum();
      System.out.println("ones(2,2).sum() = " + sum.getFloat());
    }
  }
}
