package dev.taper.report;

import dev.taper.model.ModelRole;
import java.util.UUID;

/**
 * One arm of an experiment: a trained model and what it costs. The raw values go into the page's
 * {@code data-value} attributes (what tests compare with the API), the texts into its cells.
 *
 * @param reused whether the model came from another experiment (a reused teacher)
 * @param trainingFlops what training the arm cost, the stages it was trained from included ({@link
 *     ArmCosts}); null when unknown
 * @param latencyMillis batch-1 p50 latency of its export, when one was measured, else null
 * @param thinGain THIN's test accuracy minus this arm's (a fraction), for the baselines, else null
 */
public record ArmRow(
    ModelRole role,
    UUID modelId,
    boolean reused,
    Double accuracy,
    long parameters,
    long flops,
    long sizeBytes,
    long thinExamples,
    Double trainingFlops,
    Double wallSeconds,
    Double latencyMillis,
    Double thinGain) {

  public String accuracyText() {
    return Formats.percent(accuracy);
  }

  public String parametersText() {
    return Formats.count(parameters);
  }

  public String flopsText() {
    return Formats.compact(flops);
  }

  public String sizeText() {
    return Formats.bytes(sizeBytes);
  }

  public String thinExamplesText() {
    return role == ModelRole.WIDE ? Formats.NONE : Formats.count(thinExamples);
  }

  public String trainingFlopsText() {
    return trainingFlops == null ? Formats.NONE : Formats.compact(trainingFlops);
  }

  public String wallText() {
    return Formats.duration(wallSeconds);
  }

  public String latencyText() {
    return latencyMillis == null ? "" : Formats.millis(latencyMillis);
  }

  public String gainText() {
    return thinGain == null ? "" : Formats.points(thinGain);
  }

  public String downloadHref() {
    return "/api/v1/models/" + modelId + "/download";
  }
}
