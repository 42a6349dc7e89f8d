package dev.taper.model;

import dev.taper.config.ApiRole;
import dev.taper.config.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
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
   * The model as a zip, streamed from a file built for this request; with {@code format} (and
   * {@code precision}), one of its exports instead ({@code dev.taper.export}).
   */
  @GetMapping(value = "/{id}/download", params = "!format")
  void download(
      @PathVariable UUID id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      HttpServletResponse response)
      throws IOException {
    try (ModelPackage zip =
        packager.build(id).orElseThrow(() -> new NotFoundException("model", id))) {
      ModelDownloads.send(zip, ifNoneMatch, response);
    }
  }
}
