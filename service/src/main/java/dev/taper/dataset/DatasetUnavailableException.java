package dev.taper.dataset;

/**
 * A built-in dataset whose files could not be found or fetched. The message is short enough for a
 * field error in an API answer; {@link #report()} is the long account for the log.
 */
public class DatasetUnavailableException extends RuntimeException {

  private final String report;

  DatasetUnavailableException(String summary, String report) {
    super(summary);
    this.report = report;
  }

  DatasetUnavailableException(String summary, String report, Throwable cause) {
    super(summary, cause);
    this.report = report;
  }

  /** Every place looked, what was there, and how to fix each: several lines. */
  public String report() {
    return report;
  }
}
