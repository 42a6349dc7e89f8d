package dev.taper.training.export;

/**
 * How an export's logits compare with DJL's on the same examples.
 *
 * @param accuracy of the export's predictions (argmax) against the labels
 * @param referenceAccuracy of DJL's predictions
 * @param agreement share of examples where both predict the same class
 * @param maxAbsDifference max |logit difference| over every example and class
 * @param maxAbsReference max |DJL logit|, the scale the difference is judged against
 */
public record LogitComparison(
    int examples,
    double accuracy,
    double referenceAccuracy,
    double agreement,
    double maxAbsDifference,
    double maxAbsReference) {

  public static LogitComparison of(float[][] logits, float[][] reference, int[] labels) {
    if (logits.length != reference.length || logits.length != labels.length) {
      throw new IllegalArgumentException(
          logits.length + " logits, " + reference.length + " references, " + labels.length);
    }
    int correct = 0;
    int referenceCorrect = 0;
    int agreeing = 0;
    double maxDifference = 0;
    double maxReference = 0;
    for (int i = 0; i < labels.length; i++) {
      int predicted = argMax(logits[i]);
      int expected = argMax(reference[i]);
      correct += predicted == labels[i] ? 1 : 0;
      referenceCorrect += expected == labels[i] ? 1 : 0;
      agreeing += predicted == expected ? 1 : 0;
      for (int c = 0; c < reference[i].length; c++) {
        maxDifference = Math.max(maxDifference, Math.abs(logits[i][c] - reference[i][c]));
        maxReference = Math.max(maxReference, Math.abs(reference[i][c]));
      }
    }
    double n = labels.length;
    return new LogitComparison(
        labels.length,
        correct / n,
        referenceCorrect / n,
        agreeing / n,
        maxDifference,
        maxReference);
  }

  /** Whether the largest difference is at most {@code tolerance} times max(1, max |logit|). */
  public boolean withinRelative(double tolerance) {
    return maxAbsDifference <= tolerance * Math.max(1, maxAbsReference);
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
