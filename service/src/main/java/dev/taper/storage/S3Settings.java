package dev.taper.storage;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how the S3 store talks to its bucket.
 *
 * @param bucket the bucket, which must exist
 * @param prefix keys go under {@code prefix/}; blank for the bucket's root
 * @param endpoint an S3-compatible server (MinIO, Ceph RGW, ...), or null for AWS
 * @param region the signing region, or null for the AWS SDK's region chain ({@code AWS_REGION}, the
 *     profile, the instance metadata)
 * @param pathStyle {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}
 * @param partSize objects up to this size go in one PUT, larger ones as multipart uploads of parts
 *     this size (S3 takes 5 MiB to 5 GiB); one part is buffered in memory per upload
 * @param connectTimeout the longest a connection may take to open
 * @param readTimeout the longest a response may stay silent (a slow or stalled server)
 * @param maxAttempts attempts of a request that fails with a 5xx, a timeout or a broken connection
 * @param retryBaseDelay the first wait before a retry, doubled for each further one (with jitter)
 * @param retryMaxDelay the longest wait before a retry
 * @param maxConnections connections to S3 kept at most
 */
public record S3Settings(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    boolean pathStyle,
    int partSize,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    int maxConnections) {

  /** The smallest part S3 accepts for every part of a multipart upload but the last. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("the S3 store needs a bucket");
    }
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    if (!prefix.isEmpty()) {
      ArtifactKeys.checkKey(prefix);
    }
    region = region == null || region.isBlank() ? null : region.strip();
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "the S3 part size must be at least 5 MiB (S3's smallest part), was " + partSize);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt per S3 request, was " + maxAttempts);
    }
  }

  /** Where the store's keys are: {@code s3://bucket/prefix/}. */
  public String location() {
    return describe(objectKey(""));
  }

  /** Where an object is: {@code s3://bucket/key}, for messages. */
  String describe(String objectKey) {
    return "s3://" + bucket + "/" + objectKey;
  }

  /** The object key of a store key, under the prefix. */
  String objectKey(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }
}
