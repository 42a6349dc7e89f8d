package dev.taper.experiment;

import dev.taper.config.ApiRole;
import dev.taper.config.NotFoundException;
import dev.taper.openapi.ApiTags;
import dev.taper.queue.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Live progress of one stage job: phase, layer i of L, step of total, loss, samples/s, ETA. */
@RestController
@ApiRole
@RequestMapping("/api/v1/jobs")
@Tag(name = ApiTags.JOBS)
class JobController {

  private final ExperimentService experiments;

  JobController(ExperimentService experiments) {
    this.experiments = experiments;
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
}
