package dev.taper.model;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Sends a built model zip as a download. The ETag is the zip's sha256, so a client can verify what
 * it received and revalidate with If-None-Match.
 */
public final class ModelDownloads {

  private ModelDownloads() {}

  public static void send(ModelPackage zip, String ifNoneMatch, HttpServletResponse response)
      throws IOException {
    String etag = "\"" + zip.sha256() + "\"";
    response.setHeader(HttpHeaders.ETAG, etag);
    if (etag.equals(ifNoneMatch)) {
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
}
