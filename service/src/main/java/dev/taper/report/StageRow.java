package dev.taper.report;

import dev.taper.queue.JobProgress;
import dev.taper.queue.JobStatus;
import java.util.Locale;

/** One stage job as the report shows it: its status and, while it runs, its progress and ETA. */
public record StageRow(
    long id,
    String kind,
    JobStatus status,
    JobProgress progress,
    int attempt,
    String error,
    Integer errorAttempt) {

  /**
   * The error, said to be an earlier attempt's when it is: a stage running (or waiting) again keeps
   * the error that ended its previous attempt.
   */
  public String errorText() {
    if (error == null || errorAttempt == null || errorAttempt == attempt) {
      return error;
    }
    return "attempt " + errorAttempt + " ended: " + error;
  }

  public boolean running() {
    return status == JobStatus.RUNNING;
  }

  /** Percent of the stage's steps done: 100 once it succeeded, 0 before its first report. */
  public double percent() {
    if (status == JobStatus.SUCCEEDED) {
      return 100;
    }
    if (progress == null || progress.totalSteps() <= 0) {
      return 0;
    }
    return Math.min(100, 100.0 * progress.step() / progress.totalSteps());
  }

  public String percentText() {
    return String.format(Locale.ROOT, "%.1f%%", percent());
  }

  /** "step 1,200 of 4,000 · imitate layer 3 of 9" while it runs. */
  public String stepText() {
    if (progress == null || progress.totalSteps() <= 0) {
      return "";
    }
    String steps =
        "step " + Formats.count(progress.step()) + " of " + Formats.count(progress.totalSteps());
    if (progress.layers() > 0 && progress.layer() >= 0 && !"done".equals(progress.phase())) {
      String phase =
          progress.layer() >= progress.layers()
              ? "head"
              : "layer " + progress.layer() + " of " + progress.layers();
      return steps + " · " + phase;
    }
    return steps;
  }

  public String etaText() {
    return running() && progress != null ? Formats.duration(progress.etaSeconds()) : "";
  }

  public String lossText() {
    return progress == null ? Formats.NONE : Formats.loss(progress.loss());
  }

  public String throughputText() {
    if (progress == null || progress.samplesPerSecond() == null) {
      return Formats.NONE;
    }
    return Formats.count(Math.round(progress.samplesPerSecond())) + "/s";
  }
}
