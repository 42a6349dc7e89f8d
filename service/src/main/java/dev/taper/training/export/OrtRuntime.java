package dev.taper.training.export;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime sessions for verifying and measuring exports, with an explicit thread count.
 *
 * <p>The process has one ONNX Runtime environment. DJL's OnnxRuntime engine creates it with its own
 * thread options and fails to start when one already exists, so the environment is always taken
 * after that engine has started: both then share it, whichever is used first.
 */
public final class OrtRuntime {

  public static final String DJL_ENGINE = "OnnxRuntime";

  private OrtRuntime() {}

  public static synchronized OrtEnvironment environment() {
    if (Engine.hasEngine(DJL_ENGINE)) {
      Engine.getEngine(DJL_ENGINE);
    }
    return OrtEnvironment.getEnvironment();
  }

  /**
   * A session on the model with {@code intraOpThreads} threads per operator and no inter-operator
   * parallelism (the graphs are chains), fully optimised.
   */
  public static OrtSession session(byte[] model, int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return environment().createSession(model, options);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }
}
