package dev.taper.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client the store uses: the blocking client over Apache HttpClient, whose connect
 * and read timeouts turn a stalled server into a retryable error, retries with exponential backoff
 * on 5xx responses, timeouts and broken connections, and either addressing style.
 */
public final class S3Clients {

  private S3Clients() {}

  /**
   * @param credentials where the keys come from: in production the AWS SDK's default chain ({@code
   *     AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, profiles, container and instance roles)
   * @throws IllegalArgumentException when no region is set and the SDK's chain finds none
   */
  public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(settings.connectTimeout())
                    .socketTimeout(settings.readTimeout())
                    .connectionAcquisitionTimeout(settings.readTimeout())
                    .maxConnections(settings.maxConnections()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            // Taper checks every byte with its own SHA-256; the SDK's trailing CRCs (aws-chunked
            // uploads) are refused by many S3-compatible servers
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.retryStrategy(retryStrategy(settings)));
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException(
          "the S3 store cannot start: "
              + e.getMessage()
              + " (set TAPER_S3_REGION, e.g. us-east-1 for most S3-compatible servers)",
          e);
    }
  }

  /** The retry strategy of {@code settings}; the S3 reader resumes with the same backoff. */
  static RetryStrategy retryStrategy(S3Settings settings) {
    BackoffStrategy backoff = backoff(settings);
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts())
        .backoffStrategy(backoff)
        .throttlingBackoffStrategy(backoff)
        // each request's retries are bounded by maxAttempts; a process-wide retry quota would let
        // one burst of failures stop unrelated requests from retrying
        .circuitBreakerEnabled(false)
        .build();
  }

  static BackoffStrategy backoff(S3Settings settings) {
    return BackoffStrategy.exponentialDelay(settings.retryBaseDelay(), settings.retryMaxDelay());
  }
}
