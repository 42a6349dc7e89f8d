package dev.taper.bench;

/** A failure the user can fix (bad spec, missing data), reported without a stack trace. */
final class StudyException extends RuntimeException {

  StudyException(String message) {
    super(message);
  }
}
