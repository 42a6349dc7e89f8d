package dev.taper.storage;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What the S3 store says when S3 fails: the operation, the object, and S3's own answer. */
final class S3Errors {

  private S3Errors() {}

  /** Whether S3 answered that the object (or the upload) does not exist. */
  static boolean notFound(SdkException e) {
    return e instanceof AwsServiceException service && service.statusCode() == 404;
  }

  /** The failure of {@code operation} on {@code where}, after the client's retries ran out. */
  static ArtifactStoreException failure(String operation, String where, SdkException e) {
    return new ArtifactStoreException("cannot " + operation + " " + where + ": " + describe(e), e);
  }

  static String describe(SdkException e) {
    String attempts = e.numAttempts() == null ? "" : " (after " + e.numAttempts() + " attempts)";
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return "S3 answered "
          + service.statusCode()
          + " "
          + service.awsErrorDetails().errorCode()
          + attempts
          + ": "
          + service.awsErrorDetails().errorMessage();
    }
    return e.getMessage() + attempts;
  }
}
