package dev.taper.metrics;

import dev.taper.queue.StageQueue;
import dev.taper.training.WireName;
import dev.taper.web.ApiException;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import dev.taper.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A stage job's recorded series, as JSON or as CSV. */
@RestController
@ApiRole
@Tag(name = ApiTags.JOBS)
class MetricsController {

  static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

  private final MetricHistory history;
  private final StageQueue queue;

  MetricsController(MetricHistory history, StageQueue queue) {
    this.history = history;
    this.queue = queue;
  }

  @Operation(
      operationId = "getJobMetrics",
      summary = "Read a metric series of a stage job",
      description =
          "One series of the job's recorded history, oldest point first: the training loss, the"
              + " validation accuracy per epoch, the imitation loss of every layer, samples/s or"
              + " the learning rate. About a thousand points per series however long the stage"
              + " ran; points are added while the job runs. `Accept: text/csv` answers CSV"
              + " (`step,value,layer`).")
  @ApiResponse(
      responseCode = "200",
      description = "The series (empty before the job's first report)",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = MetricSeries.class)),
        @Content(
            mediaType = "text/csv",
            schema = @Schema(type = "string"),
            examples = @ExampleObject(value = "step,value,layer\n1,2.302,\n40,0.915,\n"))
      })
  @GetMapping(
      value = "/api/v1/jobs/{id}/metrics",
      produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
  ResponseEntity<?> series(
      @Parameter(description = "The stage job's id") @PathVariable long id,
      @Parameter(description = "The series", schema = @Schema(implementation = MetricName.class))
          @RequestParam
          String name,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          String accept) {
    MetricName metric =
        MetricName.parse(name)
            .orElseThrow(
                () ->
                    ApiException.invalidParameter(
                        "name",
                        "must be one of "
                            + WireName.allOf(MetricName.class)
                            + ", was '"
                            + name
                            + "'"));
    if (queue.status(id).isEmpty()) {
      throw new NotFoundException("job", id);
    }
    MetricSeries series = history.series(id, metric);
    if (!prefersCsv(accept)) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(series);
    }
    return ResponseEntity.ok()
        .contentType(TEXT_CSV)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.inline()
                .filename("job-" + id + "-" + metric.wireName() + ".csv")
                .build()
                .toString())
        .body(MetricCsv.write(series));
  }

  /** Whether the client ranks CSV above JSON (the endpoint's mapping has refused anything else). */
  static boolean prefersCsv(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
    accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
    for (MediaType type : accepted) {
      if (type.includes(TEXT_CSV) && !type.isWildcardType()) {
        return true;
      }
      if (type.includes(MediaType.APPLICATION_JSON)) {
        return false;
      }
    }
    return false;
  }
}
