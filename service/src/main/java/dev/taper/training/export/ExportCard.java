package dev.taper.training.export;

import dev.taper.training.onnx.OnnxModelFile;
import dev.taper.training.onnx.Precision;

/**
 * The model card's fragment for one export, as measured through ONNX Runtime.
 *
 * @param fileBytes size of the ONNX file
 * @param parameterBytes bytes of its stored tensors, the part precision changes (the rest is the
 *     graph and metadata, a few kilobytes)
 * @param accuracy test accuracy through ONNX Runtime
 * @param referenceAccuracy test accuracy of the DJL float32 network
 * @param agreement share of test examples predicted as DJL float32 predicts them
 * @param maxLogitDifference max |logit - DJL float32 logit| over the test split
 */
public record ExportCard(
    Precision precision,
    long fileBytes,
    long parameterBytes,
    int examples,
    double accuracy,
    double referenceAccuracy,
    double agreement,
    double maxLogitDifference) {

  /** Runs the model on the examples and compares it with DJL's float32 logits for them. */
  public static ExportCard measure(
      byte[] model,
      Precision precision,
      RawExamples examples,
      float[][] referenceLogits,
      int intraOpThreads) {
    float[][] logits;
    try (OnnxClassifier classifier = new OnnxClassifier(model, intraOpThreads)) {
      logits = classifier.logits(examples);
    }
    LogitComparison comparison = LogitComparison.of(logits, referenceLogits, examples.labels());
    return new ExportCard(
        precision,
        model.length,
        OnnxModelFile.parameterBytes(model),
        comparison.examples(),
        comparison.accuracy(),
        comparison.referenceAccuracy(),
        comparison.agreement(),
        comparison.maxAbsDifference());
  }
}
