package dev.taper.dataset;

import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * {@code POST /api/v1/datasets}: multipart/form-data with the fields {@code name}, {@code format}
 * (idx or csv), optional {@code classes}, and the files (IDX: trainImages, trainLabels, testImages,
 * testLabels; CSV: train, test), gzip or not. The size limit is {@code
 * taper.datasets.max-upload-size}. Every refusal is a 4xx problem+json naming the field or part at
 * fault ({@link DatasetUploadException}; a body that does not parse as multipart is answered by
 * {@link MultipartProblems}). {@code DELETE /api/v1/datasets/{name}} takes an upload back ({@link
 * DatasetDeletion}).
 */
@RestController
@ApiRole
@RequestMapping("/api/v1/datasets")
@Tag(name = ApiTags.DATASETS)
class DatasetController {

  private final DatasetRegistry registry;
  private final DatasetUploads uploads;
  private final DatasetDeletion deletion;

  DatasetController(DatasetRegistry registry, DatasetUploads uploads, DatasetDeletion deletion) {
    this.registry = registry;
    this.uploads = uploads;
    this.deletion = deletion;
  }

  @Operation(
      operationId = "listDatasets",
      summary = "List datasets",
      description = "Every registered dataset, built-in and uploaded, with its shape and counts.")
  @GetMapping
  List<RegisteredDataset> list() {
    return registry.list();
  }

  @Operation(operationId = "getDataset", summary = "Read a dataset")
  @GetMapping("/{name}")
  RegisteredDataset get(
      @Parameter(description = "The dataset's name", example = "fashion-mnist") @PathVariable
          String name) {
    return registry.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
  }

  @Operation(
      operationId = "deleteDataset",
      summary = "Delete a dataset",
      description =
          "Deletes an uploaded dataset and its stored files, so that its name can be uploaded"
              + " again. A built-in dataset is never deleted, nor one that an experiment names"
              + " (the problem says how many and which): both are a 409.")
  @ApiResponse(responseCode = "204", description = "Deleted, with its files")
  @ApiResponse(responseCode = "404", description = "No dataset has this name")
  @ApiResponse(
      responseCode = "409",
      description = "The dataset is built in, or an experiment names it")
  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(
      @Parameter(description = "The dataset's name", example = "my-digits") @PathVariable
          String name) {
    deletion.delete(name);
    return ResponseEntity.noContent().build();
  }

  // not "consumes = multipart/form-data": another content type gets this endpoint's own 415
  @Operation(
      operationId = "uploadDataset",
      summary = "Upload a dataset",
      description =
          "multipart/form-data: `name`, `format` (`idx` or `csv`), optional `classes`, and the"
              + " files, gzip or not: IDX `trainImages`, `trainLabels` and optionally"
              + " `testImages`, `testLabels`; CSV `train` and optionally `test` (label first,"
              + " then the features). The files are read in full: a broken one is refused naming"
              + " its part, byte offset and reason.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "multipart/form-data",
                      schema = @Schema(implementation = DatasetUploadForm.class),
                      encoding = {
                        @Encoding(name = "trainImages", contentType = "application/octet-stream"),
                        @Encoding(name = "trainLabels", contentType = "application/octet-stream"),
                        @Encoding(name = "testImages", contentType = "application/octet-stream"),
                        @Encoding(name = "testLabels", contentType = "application/octet-stream"),
                        @Encoding(name = "train", contentType = "application/octet-stream"),
                        @Encoding(name = "test", contentType = "application/octet-stream")
                      })))
  @ApiResponse(responseCode = "201", description = "Registered; Location names it")
  @ApiResponse(responseCode = "409", description = "A dataset of this name exists")
  @ApiResponse(
      responseCode = "503",
      description =
          "Storing the files took longer than taper.datasets.abandon-upload-after; send it again")
  @PostMapping
  ResponseEntity<RegisteredDataset> upload(
      @Parameter(hidden = true) @RequestParam(required = false) String name,
      @Parameter(hidden = true) @RequestParam(required = false) String format,
      @Parameter(hidden = true) @RequestParam(required = false) String classes,
      HttpServletRequest request) {
    MultipartHttpServletRequest multipart =
        WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
    if (multipart == null) {
      throw DatasetUploadException.notMultipart(request.getContentType());
    }
    Map<String, DatasetUploads.Part> files = new LinkedHashMap<>();
    for (Map.Entry<String, MultipartFile> file : multipart.getFileMap().entrySet()) {
      files.put(file.getKey(), part(file.getKey(), file.getValue()));
    }
    // the body's own parts: the parameter map would count the query string's as form fields
    Set<String> fields = new LinkedHashSet<>();
    Map<String, Integer> sent = new LinkedHashMap<>();
    for (Part part : parts(request)) {
      if (part.getSubmittedFileName() == null) {
        fields.add(part.getName());
      }
      sent.merge(part.getName(), 1, Integer::sum);
    }
    Map<String, Integer> repeated = new LinkedHashMap<>();
    sent.forEach(
        (part, times) -> {
          if (times > 1) {
            repeated.put(part, times);
          }
        });
    RegisteredDataset dataset =
        uploads.register(
            new DatasetUploads.Request(name, format, classes, files, fields, repeated));
    return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.name())).body(dataset);
  }

  private static Collection<Part> parts(HttpServletRequest request) {
    try {
      return request.getParts();
    } catch (IOException | ServletException e) {
      // the multipart resolver has read the body already; failing here is a malformed body
      throw new MultipartException("cannot read the parts", e);
    }
  }

  private static DatasetUploads.Part part(String name, MultipartFile file) {
    return new DatasetUploads.Part() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String filename() {
        return file.getOriginalFilename();
      }

      @Override
      public InputStream open() throws IOException {
        return file.getInputStream();
      }
    };
  }
}
