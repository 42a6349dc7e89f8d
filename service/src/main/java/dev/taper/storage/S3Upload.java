package dev.taper.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object streamed into S3: bytes are buffered up to one part; an object that fits in one part
 * goes in a single PUT when {@link #complete} is called, a larger one as a multipart upload, part
 * by part. Until {@link #complete} returns nothing is visible under the key (S3 shows an object
 * only once its PUT or its multipart completion succeeds); {@link #close} without it abandons the
 * upload and aborts the parts already sent.
 */
final class S3Upload extends OutputStream {

  private static final Logger log = LoggerFactory.getLogger(S3Upload.class);

  private final S3Client s3;
  private final S3Settings settings;
  private final String objectKey;
  private final byte[] part;
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private String uploadId;
  private boolean finished;

  S3Upload(S3Client s3, S3Settings settings, String objectKey) {
    this.s3 = s3;
    this.settings = settings;
    this.objectKey = objectKey;
    this.part = new byte[settings.partSize()];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("the upload of " + settings.describe(objectKey) + " has ended");
    }
    while (len > 0) {
      int n = Math.min(len, part.length - filled);
      System.arraycopy(b, off, part, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == part.length) {
        sendPart();
      }
    }
  }

  /** Makes the object visible under its key with every byte written. */
  void complete() {
    finished = true;
    try {
      if (uploadId == null) {
        s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey), body(filled));
        return;
      }
      if (filled > 0) {
        sendPart();
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(settings.bucket())
                  .key(objectKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      uploadId = null;
    } catch (SdkException e) {
      throw failed(e);
    }
  }

  /** Abandons the upload unless it was completed. */
  @Override
  public void close() {
    if (!finished || uploadId != null) {
      finished = true;
      abort();
    }
  }

  private void sendPart() {
    try {
      if (uploadId == null) {
        uploadId =
            s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey)).uploadId();
      }
      int number = parts.size() + 1;
      String etag =
          s3.uploadPart(
                  b ->
                      b.bucket(settings.bucket())
                          .key(objectKey)
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength((long) filled),
                  body(filled))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    } catch (SdkException e) {
      finished = true;
      throw failed(e);
    }
  }

  /** Aborts after a failed request, keeping a caller's interruption the client consumed. */
  private ArtifactStoreException failed(SdkException e) {
    abort();
    if (e instanceof AbortedException) {
      Thread.currentThread().interrupt();
    }
    return S3Errors.failure("store", settings.describe(objectKey), e);
  }

  /** The buffered bytes, readable again for each attempt of a retried request. */
  private RequestBody body(int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream");
  }

  private void abort() {
    if (uploadId == null) {
      return;
    }
    String id = uploadId;
    uploadId = null;
    // an interrupted caller (a worker shutting down) must still abort: S3 would keep the parts
    boolean interrupted = Thread.interrupted();
    try {
      s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey).uploadId(id));
    } catch (SdkException e) {
      log.warn(
          "could not abort the multipart upload {} of {}; a bucket lifecycle rule that aborts"
              + " incomplete multipart uploads removes its parts",
          id,
          settings.describe(objectKey),
          e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
