package dev.taper.model;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Sends a built model zip as a download. The ETag is the zip's sha256, so a client can verify what
 * it received and revalidate with If-None-Match. The zip is built before the comparison, since its
 * hash is the tag; a 304 saves the transfer, not the packaging.
 */
public final class ModelDownloads {

  private ModelDownloads() {}

  public static void send(ModelPackage zip, String ifNoneMatch, HttpServletResponse response)
      throws IOException {
    String etag = "\"" + zip.sha256() + "\"";
    response.setHeader(HttpHeaders.ETAG, etag);
    if (matches(ifNoneMatch, etag)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType("application/zip");
    response.setContentLengthLong(zip.size());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename(zip.fileName()).build().toString());
    try (InputStream in = zip.open();
        OutputStream out = response.getOutputStream()) {
      in.transferTo(out);
    }
  }

  /**
   * If-None-Match as RFC 9110 reads it: {@code *}, or a list of tags compared weakly (a {@code W/}
   * prefix does not matter).
   */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.strip().equals("*")) {
      return true;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String opaque = tag.strip();
      if (opaque.startsWith("W/")) {
        opaque = opaque.substring(2);
      }
      if (opaque.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
