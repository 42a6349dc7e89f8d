package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's bytes streamed from S3. The client retries a GET until its response starts; when the
 * body then breaks off (a reset connection, a server that stalls past the read timeout) this stream
 * asks again for the rest, from where it stopped, of the same version (by ETag), with the client's
 * backoff. It gives up when the body breaks off as many times in a row as the client makes attempts
 * without a byte arriving in between. Closed early, it aborts the connection rather than draining
 * the rest of the body.
 */
final class S3Download extends InputStream {

  private static final Logger log = LoggerFactory.getLogger(S3Download.class);

  private final S3Client s3;
  private final S3Settings settings;
  private final String objectKey;
  private final long length;
  private final String etag;
  private ResponseInputStream<GetObjectResponse> body;
  private long position;
  private long positionAtLastBreak = -1;
  private int breaksInARow;

  private S3Download(
      S3Client s3,
      S3Settings settings,
      String objectKey,
      ResponseInputStream<GetObjectResponse> body) {
    this.s3 = s3;
    this.settings = settings;
    this.objectKey = objectKey;
    this.body = body;
    this.length = body.response().contentLength();
    this.etag = body.response().eTag();
  }

  /**
   * @throws NoSuchFileException when there is no such object
   */
  static S3Download open(S3Client s3, S3Settings settings, String objectKey)
      throws NoSuchFileException {
    try {
      return new S3Download(
          s3, settings, objectKey, s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey)));
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        throw new NoSuchFileException(settings.describe(objectKey));
      }
      throw S3Errors.failure("read", settings.describe(objectKey), e);
    }
  }

  /** The object's length in bytes. */
  long length() {
    return length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (position >= length) {
        return -1;
      }
      try {
        int n = body.read(b, off, (int) Math.min(len, length - position));
        if (n < 0) {
          throw new IOException("the response ended " + (length - position) + " bytes early");
        }
        position += n;
        return n;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        // a read timeout too: SocketTimeoutException is an InterruptedIOException
        resume(e);
      }
    }
  }

  @Override
  public void close() {
    if (position < length) {
      body.abort();
    }
    try {
      body.close();
    } catch (IOException ignored) {
      // the connection is already aborted or returned to the pool
    }
  }

  private void resume(IOException broken) throws IOException {
    body.abort();
    breaksInARow = position == positionAtLastBreak ? breaksInARow + 1 : 1;
    positionAtLastBreak = position;
    if (breaksInARow >= settings.maxAttempts()) {
      throw new IOException(
          "reading "
              + settings.describe(objectKey)
              + " broke off at byte "
              + position
              + " of "
              + length
              + " "
              + breaksInARow
              + " times in a row; giving up",
          broken);
    }
    Duration delay = S3Clients.backoff(settings).computeDelay(breaksInARow);
    log.info(
        "reading {} broke off at byte {} ({}); resuming in {} ms",
        settings.describe(objectKey),
        position,
        broken.toString(),
        delay.toMillis());
    try {
      // the retry policy's backoff: the store needs time to recover, nothing here can signal it
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while resuming " + objectKey);
    }
    try {
      body =
          s3.getObject(
              b ->
                  b.bucket(settings.bucket())
                      .key(objectKey)
                      .ifMatch(etag)
                      .range("bytes=" + position + "-"));
    } catch (SdkException e) {
      throw new IOException(
          "cannot resume reading " + settings.describe(objectKey) + ": " + S3Errors.describe(e), e);
    }
  }
}
