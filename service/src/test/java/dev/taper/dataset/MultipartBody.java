package dev.taper.dataset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A multipart/form-data body built part by part, well-formed unless told otherwise. */
public final class MultipartBody {

  private final String boundary = "taper-test-boundary-7d41";
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  public MultipartBody field(String name, String value) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
    return this;
  }

  public MultipartBody file(String name, String filename, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + filename
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body with its closing boundary. */
  public byte[] bytes() {
    byte[] parts = body.toByteArray();
    byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(parts, parts.length + end.length);
    System.arraycopy(end, 0, all, parts.length, end.length);
    return all;
  }

  /** The body cut off after {@code length} bytes: no closing boundary, maybe mid-part. */
  public byte[] truncated(int length) {
    return Arrays.copyOf(body.toByteArray(), length);
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
