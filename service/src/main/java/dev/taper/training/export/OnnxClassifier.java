package dev.taper.training.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/** An exported model in an ONNX Runtime session: raw examples in, logits out. */
public final class OnnxClassifier implements AutoCloseable {

  private static final int BATCH = 500;

  private final OrtEnvironment environment;
  private final OrtSession session;

  public OnnxClassifier(byte[] model, int intraOpThreads) {
    this.environment = OrtRuntime.environment();
    this.session = OrtRuntime.session(model, intraOpThreads);
  }

  /** Logits of every example, (size, classes), in batches. */
  public float[][] logits(RawExamples examples) {
    float[][] all = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += BATCH) {
      int to = Math.min(examples.size(), from + BATCH);
      float[][] batch = logits(examples, from, to);
      System.arraycopy(batch, 0, all, from, batch.length);
    }
    return all;
  }

  /** Logits of examples [from, to). */
  public float[][] logits(RawExamples examples, int from, int to) {
    try (OnnxTensor input = examples.tensor(environment, from, to);
        OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
      return (float[][]) result.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** The model's {@code metadata_props}. */
  public Map<String, String> metadata() {
    try {
      return session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  OrtSession session() {
    return session;
  }

  OrtEnvironment environment() {
    return environment;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close an ONNX Runtime session", e);
    }
  }
}
