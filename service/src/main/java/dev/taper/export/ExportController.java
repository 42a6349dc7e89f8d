package dev.taper.export;

import dev.taper.config.ApiRole;
import dev.taper.model.ModelDownloads;
import dev.taper.model.ModelPackage;
import dev.taper.model.ModelPackager;
import dev.taper.model.ModelView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ApiRole
@RequestMapping("/api/v1/models")
class ExportController {

  private final ExportService exports;
  private final ModelPackager packager;

  ExportController(ExportService exports, ModelPackager packager) {
    this.exports = exports;
    this.packager = packager;
  }

  /** Queues the exports asked for that neither exist nor are being made (202 either way). */
  @PostMapping("/{id}/exports")
  @ResponseStatus(HttpStatus.ACCEPTED)
  List<ExportStatus> request(
      @PathVariable UUID id, @RequestBody(required = false) ExportOrder order) {
    ExportOrder asked = order == null ? new ExportOrder(null, null) : order;
    return exports.request(id, asked.variants());
  }

  @GetMapping("/{id}/exports")
  List<ExportStatus> exports(@PathVariable UUID id) {
    return exports.statuses(id);
  }

  /** One export of the model as a DJL Serving-ready zip (model.onnx, serving.properties, ...). */
  @GetMapping(value = "/{id}/download", params = "format")
  void download(
      @PathVariable UUID id,
      @RequestParam String format,
      @RequestParam(required = false) String precision,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      HttpServletResponse response)
      throws IOException {
    ModelView export = exports.forDownload(id, ExportOrder.fromQuery(format, precision));
    try (ModelPackage zip = packager.build(export.id()).orElseThrow()) {
      ModelDownloads.send(zip, ifNoneMatch, response);
    }
  }
}
