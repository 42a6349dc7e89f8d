package dev.taper.experiment;

import dev.taper.export.ExportService;
import dev.taper.queue.JobView;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import dev.taper.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One stage job: its live progress (phase, layer i of L, step of total, loss, samples/s, ETA), and
 * cancelling it where it stands alone: an export requested for an existing model.
 */
@RestController
@ApiRole
@RequestMapping("/api/v1/jobs")
@Tag(name = ApiTags.JOBS)
class JobController {

  private final ExperimentService experiments;
  private final ExportService exports;

  JobController(ExperimentService experiments, ExportService exports) {
    this.experiments = experiments;
    this.exports = exports;
  }

  @Operation(
      operationId = "getJob",
      summary = "Read a stage job",
      description =
          "The job's status, attempts and lease, and its live progress as last written: phase,"
              + " imitation layer i of L, step of total, loss, samples/s and ETA.")
  @GetMapping("/{id}")
  JobView job(@Parameter(description = "The stage job's id") @PathVariable long id) {
    return experiments.job(id).orElseThrow(() -> new NotFoundException("job", id));
  }

  @Operation(
      operationId = "cancelJob",
      summary = "Cancel a requested export",
      description =
          "Cancels an export requested with POST /api/v1/models/{id}/exports: at once while it"
              + " waits; while it runs, at the end of its current step (export, check, timing),"
              + " publishing nothing; one that has begun to publish finishes. Other jobs are"
              + " stages of an experiment's plan and stop with their experiment (409).")
  @ApiResponse(responseCode = "202", description = "Cancellation accepted")
  @ApiResponse(responseCode = "404", description = "No such job")
  @ApiResponse(
      responseCode = "409",
      description = "The job is a stage of an experiment's plan, or has already finished")
  @PostMapping("/{id}/cancel")
  ResponseEntity<JobView> cancel(@Parameter(description = "The job's id") @PathVariable long id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(exports.cancel(id));
  }
}
