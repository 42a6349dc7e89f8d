package dev.taper.training;

/**
 * A stage failed in a way its inputs decide: another attempt on the same inputs would fail the same
 * way, so the job fails at once instead of being retried (a crash, a lost lease or an out-of-memory
 * error is retried).
 */
public class RepeatableFailureException extends RuntimeException {

  public RepeatableFailureException(String message) {
    super(message);
  }
}
