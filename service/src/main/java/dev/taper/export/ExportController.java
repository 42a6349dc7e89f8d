package dev.taper.export;

import dev.taper.model.ModelDownloads;
import dev.taper.model.ModelPackage;
import dev.taper.model.ModelPackager;
import dev.taper.model.ModelView;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import tools.jackson.databind.JsonNode;

@RestController
@ApiRole
@Tag(name = ApiTags.MODELS)
@RequestMapping("/api/v1/models")
class ExportController {

  private final ExportService exports;
  private final ModelPackager packager;

  ExportController(ExportService exports, ModelPackager packager) {
    this.exports = exports;
    this.packager = packager;
  }

  @Operation(
      operationId = "requestExports",
      summary = "Export a model",
      description =
          "Queues an EXPORT job for every format and precision asked for that neither exists nor"
              + " is being made, and answers where each stands: QUEUED with its job, the status"
              + " of the job already making it, or EXPORTED with the export's model id. Both"
              + " lists may be left out: onnx and fp32.")
  @ApiResponse(
      responseCode = "409",
      description = "The model is itself an export; export the model it came from")
  @PostMapping("/{id}/exports")
  @ResponseStatus(HttpStatus.ACCEPTED)
  List<ExportStatus> request(
      @Parameter(description = "The model's id") @PathVariable UUID id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = ExportOrder.class)))
          @RequestBody(required = false)
          JsonNode order) {
    return exports.request(id, ExportOrder.read(order).variants());
  }

  @Operation(
      operationId = "listExports",
      summary = "List a model's exports",
      description =
          "Every export of the model that exists (EXPORTED, with its model id), then every one"
              + " being made (the status of its job, and the job's id).")
  @GetMapping("/{id}/exports")
  List<ExportStatus> exports(@Parameter(description = "The model's id") @PathVariable UUID id) {
    return exports.statuses(id);
  }

  /**
   * One export of the model as a DJL Serving-ready zip (model.onnx, serving.properties, ...).
   * Documented with the model's download, whose path it shares.
   */
  @Hidden
  @GetMapping(value = "/{id}/download", params = "format")
  void download(
      @PathVariable UUID id,
      @RequestParam String format,
      @RequestParam(required = false) String precision,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      HttpServletResponse response)
      throws IOException {
    ModelView export =
        exports.forDownload(id, ExportOrder.fromQuery(format, precision), precision != null);
    try (ModelPackage zip = packager.build(export.id()).orElseThrow()) {
      ModelDownloads.send(zip, ifNoneMatch, response);
    }
  }
}
