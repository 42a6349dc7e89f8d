package dev.taper.properties;

import dev.taper.storage.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Taper's settings ({@code taper.*}; environment variables such as {@code TAPER_HOME} and {@code
 * TAPER_ROLE} bind to them).
 *
 * @param role which parts run in this process
 * @param home where the embedded database, artifacts and uploaded datasets live
 * @param store where artifacts live (application.yml maps the deployment's {@code TAPER_STORE} and
 *     {@code TAPER_S3_*} variables onto it)
 */
@ConfigurationProperties("taper")
public record TaperProperties(
    @DefaultValue("all") Role role,
    Path home,
    @DefaultValue Worker worker,
    @DefaultValue Queue queue,
    @DefaultValue Datasets datasets,
    @DefaultValue Store store) {

  /**
   * Which parts of Taper a process runs: the same jar serves each role. {@code migrate} applies the
   * Flyway migrations and exits (the Helm chart's migration Job).
   */
  public enum Role {
    ALL,
    API,
    WORKER,
    MIGRATE
  }

  /**
   * @param id this worker's name in the {@code worker} table; defaults to host and process id
   * @param threads stage jobs this process runs at once; only 1 is supported, because DJL's PyTorch
   *     engine records gradients for one training loop per process at a time (scale out with more
   *     worker processes instead)
   * @param lease how long a claim or heartbeat holds a job
   * @param heartbeatInterval how often a running job heartbeats and writes its progress
   * @param pollInterval how long an idle worker waits when no notification arrives
   * @param checkpointInterval the longest a stage runs between checkpoints (it also checkpoints
   *     every epoch)
   * @param drainTimeout how long shutdown waits for running jobs before handing them back
   * @param maxAttempts attempts a job gets before it fails for good
   * @param retryBackoff wait before a retry, doubling with each further attempt
   * @param maxRetryBackoff the longest wait before a retry
   * @param reclaimInterval how often expired leases are looked for
   * @param gpu whether this worker takes GPU jobs; detected when unset
   */
  public record Worker(
      String id,
      @DefaultValue("1") int threads,
      @DefaultValue("30s") Duration lease,
      @DefaultValue("3s") Duration heartbeatInterval,
      @DefaultValue("5s") Duration pollInterval,
      @DefaultValue("60s") Duration checkpointInterval,
      @DefaultValue("30s") Duration drainTimeout,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("5s") Duration retryBackoff,
      @DefaultValue("5m") Duration maxRetryBackoff,
      @DefaultValue("10s") Duration reclaimInterval,
      Boolean gpu) {

    public Worker {
      if (threads != 1) {
        throw new IllegalArgumentException(
            "taper.worker.threads must be 1, was "
                + threads
                + ": the PyTorch engine trains one stage per process at a time; run more"
                + " worker processes to train more stages at once");
      }
    }
  }

  /**
   * @param auditClaims record every lease the queue grants, its heartbeats' expiries and how it
   *     ended in {@code job_claim_audit} (one row per claim, written by the claim's own statement),
   *     so that overlapping leases can be looked for in SQL; for soaks and investigations, as every
   *     claim and heartbeat then writes one more row
   */
  public record Queue(@DefaultValue("false") boolean auditClaims) {}

  /**
   * @param maxUploadSize the largest dataset upload accepted (all files together)
   * @param registerBuiltin whether the built-in datasets ({@code fashion-mnist}, {@code
   *     fashion-mnist-mini}) exist: registered at start-up when their files are on this machine,
   *     and on demand when an experiment names them. False leaves them out entirely (tests do).
   * @param download whether {@code fashion-mnist} may be downloaded when it is not on this machine
   *     ({@code TAPER_DATASETS_DOWNLOAD})
   * @param mirror the folder URL the four Fashion-MNIST files are downloaded from ({@code
   *     TAPER_DATASETS_MIRROR}); every file is checked against its published SHA-256 whatever the
   *     mirror
   * @param downloadTimeout the longest a download of the four files may take; the submission that
   *     triggers it waits that long at most
   * @param abandonUploadAfter how long an upload's files may take to store before the workers'
   *     housekeeping deletes them as abandoned (their process stopped before registering them); an
   *     upload still storing after that is refused with a 503
   */
  public record Datasets(
      @DefaultValue("512MB") DataSize maxUploadSize,
      @DefaultValue("true") boolean registerBuiltin,
      @DefaultValue("true") boolean download,
      @DefaultValue("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/") URI mirror,
      @DefaultValue("5m") Duration downloadTimeout,
      @DefaultValue("6h") Duration abandonUploadAfter) {}

  /** Where artifacts (models, exports, checkpoints, uploaded datasets) live. */
  public enum StoreType {
    /** A folder under {@code TAPER_HOME}: one machine, or a volume every process mounts. */
    FILESYSTEM,
    /** An S3 bucket (AWS or S3-compatible), shared by processes that share no disk. */
    S3
  }

  /**
   * @param type {@code filesystem} (default) or {@code s3} ({@code TAPER_STORE})
   * @param s3 the bucket and how to reach it, read when {@code type} is {@code s3}
   */
  public record Store(StoreType type, @DefaultValue S3 s3) {

    public Store {
      type = type == null ? StoreType.FILESYSTEM : type;
      if (type == StoreType.S3) {
        s3.check();
      }
    }
  }

  /**
   * The S3 store's settings; credentials come from the AWS SDK's default chain ({@code
   * AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, a profile, a container or instance role).
   *
   * @param bucket the bucket ({@code TAPER_S3_BUCKET}), which must exist
   * @param prefix a folder in the bucket for Taper's keys ({@code TAPER_S3_PREFIX}); blank for none
   * @param endpoint an S3-compatible server's URL ({@code TAPER_S3_ENDPOINT}); blank for AWS
   * @param region the signing region ({@code TAPER_S3_REGION}); blank for the AWS SDK's chain
   * @param pathStyle path-style addressing ({@code TAPER_S3_PATH_STYLE}), which MinIO needs
   * @param partSize objects up to this size are one PUT, larger ones multipart uploads of such
   *     parts
   * @param connectTimeout the longest a connection may take to open
   * @param readTimeout the longest S3 may stay silent during a request or a download
   * @param maxAttempts attempts of a request failing with a 5xx, a timeout or a reset connection
   * @param retryBaseDelay the first wait before a retry, doubling for each further one
   * @param retryMaxDelay the longest wait before a retry
   * @param maxConnections connections to S3 per process at most
   */
  public record S3(
      String bucket,
      String prefix,
      String endpoint,
      String region,
      @DefaultValue("false") boolean pathStyle,
      @DefaultValue("16MB") DataSize partSize,
      @DefaultValue("10s") Duration connectTimeout,
      @DefaultValue("30s") Duration readTimeout,
      @DefaultValue("6") int maxAttempts,
      @DefaultValue("200ms") Duration retryBaseDelay,
      @DefaultValue("10s") Duration retryMaxDelay,
      @DefaultValue("32") int maxConnections) {

    /**
     * @throws IllegalArgumentException naming each setting that is missing or wrong
     */
    void check() {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException(
            "TAPER_STORE is s3 but no bucket is set: set TAPER_S3_BUCKET (taper.store.s3.bucket)");
      }
      endpointUri();
      settings();
    }

    public S3Settings settings() {
      return new S3Settings(
          bucket.strip(),
          prefix,
          endpointUri(),
          region,
          pathStyle,
          Math.toIntExact(partSize.toBytes()),
          connectTimeout,
          readTimeout,
          maxAttempts,
          retryBaseDelay,
          retryMaxDelay,
          maxConnections);
    }

    private URI endpointUri() {
      if (endpoint == null || endpoint.isBlank()) {
        return null;
      }
      URI uri;
      try {
        uri = URI.create(endpoint.strip());
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme();
      if (!scheme.toLowerCase(Locale.ROOT).matches("https?") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "TAPER_S3_ENDPOINT (taper.store.s3.endpoint) must be an http or https URL such as"
                + " http://minio:9000, was '"
                + endpoint
                + "'");
      }
      return uri;
    }
  }

  public Path homeOrDefault() {
    return home != null ? home : Path.of(System.getProperty("user.home"), ".taper");
  }
}
