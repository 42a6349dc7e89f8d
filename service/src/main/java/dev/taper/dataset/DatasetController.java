package dev.taper.dataset;

import dev.taper.config.ApiRole;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /api/v1/datasets}: multipart with {@code name}, {@code format} (idx or csv), optional
 * {@code classes}, and the files (IDX: trainImages, trainLabels, testImages, testLabels; CSV:
 * train, test), gzip or not. The size limit is {@code taper.datasets.max-upload-size}.
 */
@RestController
@ApiRole
@RequestMapping("/api/v1/datasets")
class DatasetController {

  private final DatasetRegistry registry;
  private final DatasetUploads uploads;

  DatasetController(DatasetRegistry registry, DatasetUploads uploads) {
    this.registry = registry;
    this.uploads = uploads;
  }

  @GetMapping
  List<RegisteredDataset> list() {
    return registry.list();
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<RegisteredDataset> upload(
      @RequestParam String name,
      @RequestParam(defaultValue = "idx") String format,
      @RequestParam(defaultValue = "0") int classes,
      MultipartHttpServletRequest request) {
    DatasetFormat parsed;
    try {
      parsed = DatasetFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DatasetUploadException.Invalid(List.of("format must be idx or csv"));
    }
    Map<String, DatasetUploads.Part> parts = new LinkedHashMap<>();
    for (Map.Entry<String, MultipartFile> file : request.getFileMap().entrySet()) {
      parts.put(file.getKey(), part(file.getKey(), file.getValue()));
    }
    RegisteredDataset dataset = uploads.register(name, parsed, classes, parts);
    return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.name())).body(dataset);
  }

  /** A file that does not parse: 400 naming the file, the byte offset and the reason. */
  @ExceptionHandler(DatasetFormatException.class)
  ResponseEntity<ProblemDetail> unreadable(DatasetFormatException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Unreadable dataset file");
    problem.setType(URI.create("https://taper.dev/problems/unreadable-dataset"));
    problem.setProperty("file", e.file() == null ? null : e.file().getFileName().toString());
    problem.setProperty("offset", e.offset());
    problem.setProperty("reason", e.reason());
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static DatasetUploads.Part part(String name, MultipartFile file) {
    return new DatasetUploads.Part() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() throws IOException {
        return file.getInputStream();
      }
    };
  }
}
