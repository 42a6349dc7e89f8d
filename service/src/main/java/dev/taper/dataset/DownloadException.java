package dev.taper.dataset;

/** A download that failed; the message is one sentence naming the file and what went wrong. */
class DownloadException extends Exception {

  DownloadException(String message) {
    super(message);
  }

  DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
