package dev.taper.model;

import dev.taper.web.ApiException;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import dev.taper.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ApiRole
@RequestMapping("/api/v1/models")
@Tag(name = ApiTags.MODELS)
class ModelController {

  private static final String PRECISION = "precision";

  private final ModelCatalog catalog;
  private final ModelPackager packager;

  ModelController(ModelCatalog catalog, ModelPackager packager) {
    this.catalog = catalog;
    this.packager = packager;
  }

  @Operation(
      operationId = "getModel",
      summary = "Read a model",
      description =
          "The model's role, family and full architecture, its parameter count, FLOPs per"
              + " example, size, checksum and the metrics its stage measured.")
  @GetMapping("/{id}")
  ModelView model(@Parameter(description = "The model's id") @PathVariable UUID id) {
    return catalog.find(id).orElseThrow(() -> new NotFoundException("model", id));
  }

  @Operation(
      operationId = "getModelLineage",
      summary = "Read a model's lineage",
      description =
          "The models of its experiment (WIDE, WARMED, THIN and the baselines), those it descends"
              + " from (a reused teacher) and those descending from it, with the edges between"
              + " them (imitated, fine-tuned, distilled), parent to child.")
  @GetMapping("/{id}/lineage")
  Lineage lineage(@Parameter(description = "The model's id") @PathVariable UUID id) {
    return catalog.lineage(id).orElseThrow(() -> new NotFoundException("model", id));
  }

  /**
   * The model as a zip, streamed from a file built for this request; with {@code format} (and
   * {@code precision}), one of its exports instead ({@code dev.taper.export}).
   */
  @Operation(
      operationId = "downloadModel",
      summary = "Download a model",
      description =
          "A zip of the DJL parameters (`model-0000.params`), `architecture.json`,"
              + " `model-card.json` (spec, dataset, metrics, the lineage of the models it was made"
              + " from, and `input`: the values the network is fed and the standardisation the"
              + " caller applies to them first, with the mean and std its training used) and"
              + " `serving.properties`."
              + " With `format` (and `precision`), one of the model's exports instead: a zip DJL"
              + " Serving loads as it is (`model.onnx`, `serving.properties`, `synset.txt`,"
              + " `export-card.json`, `model-card.json`). An export that does not exist answers"
              + " 404 with the request that creates it, one being made 409 naming its job; without"
              + " `precision` the fp32 export (an export's own id: that export)."
              + " The same model always gives the same bytes; the ETag is their sha256.")
  @Parameter(
      name = "format",
      in = ParameterIn.QUERY,
      description = "Download this export of the model instead of its DJL parameters",
      schema = @Schema(type = "string", allowableValues = "onnx"))
  @Parameter(
      name = PRECISION,
      in = ParameterIn.QUERY,
      description = "The export's precision (with format; fp32 when left out)",
      schema =
          @Schema(
              type = "string",
              allowableValues = {"fp32", "fp16", "int8"}))
  @ApiResponse(
      responseCode = "409",
      description = "The export asked for is being made; the problem names its job")
  @ApiResponse(
      responseCode = "200",
      description = "The model's zip",
      headers = {
        @Header(
            name = HttpHeaders.ETAG,
            description = "The zip's sha256, quoted",
            schema = @Schema(type = "string")),
        @Header(
            name = HttpHeaders.CONTENT_DISPOSITION,
            description = "attachment, with the file name",
            schema = @Schema(type = "string"))
      },
      content =
          @Content(
              mediaType = "application/zip",
              schema = @Schema(type = "string", format = "binary")))
  @ApiResponse(responseCode = "304", description = "If-None-Match named the current ETag")
  @GetMapping(value = "/{id}/download", params = "!format")
  void download(
      @Parameter(description = "The model's id") @PathVariable UUID id,
      @Parameter(description = "An ETag received before: 304 when the zip is unchanged")
          @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
          String ifNoneMatch,
      @Parameter(hidden = true) @RequestParam(name = PRECISION, required = false) String precision,
      @Parameter(hidden = true) HttpServletResponse response)
      throws IOException {
    if (precision != null) {
      // without a format this is the parameters' zip, which a precision would misdescribe
      throw ApiException.invalidParameter(
          PRECISION, "applies to an export's download, which needs a format too: add format=onnx");
    }
    try (ModelPackage zip =
        packager.build(id).orElseThrow(() -> new NotFoundException("model", id))) {
      ModelDownloads.send(zip, ifNoneMatch, response);
    }
  }
}
