package dev.taper.training;

/** A stage stopped early because its cancellation token was set. */
public class StageCancelledException extends RuntimeException {

  public StageCancelledException() {
    super("stage cancelled");
  }
}
