package dev.taper.model;

import dev.taper.config.ApiRole;
import dev.taper.config.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ApiRole
@RequestMapping("/api/v1/models")
class ModelController {

  private final ModelCatalog catalog;
  private final ModelPackager packager;

  ModelController(ModelCatalog catalog, ModelPackager packager) {
    this.catalog = catalog;
    this.packager = packager;
  }

  @GetMapping("/{id}")
  ModelView model(@PathVariable UUID id) {
    return catalog.find(id).orElseThrow(() -> new NotFoundException("model", id));
  }

  @GetMapping("/{id}/lineage")
  Lineage lineage(@PathVariable UUID id) {
    return catalog.lineage(id).orElseThrow(() -> new NotFoundException("model", id));
  }

  /**
   * The model as a zip, streamed from a file built for this request. The ETag is the zip's sha256,
   * so a client can verify what it received and revalidate with If-None-Match.
   */
  @GetMapping("/{id}/download")
  void download(
      @PathVariable UUID id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      HttpServletResponse response)
      throws IOException {
    try (ModelPackage zip =
        packager.build(id).orElseThrow(() -> new NotFoundException("model", id))) {
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
}
