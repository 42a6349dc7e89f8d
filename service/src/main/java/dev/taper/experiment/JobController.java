package dev.taper.experiment;

import dev.taper.config.ApiRole;
import dev.taper.config.NotFoundException;
import dev.taper.queue.JobView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Live progress of one stage job: phase, layer i of L, step of total, loss, samples/s, ETA. */
@RestController
@ApiRole
@RequestMapping("/api/v1/jobs")
class JobController {

  private final ExperimentService experiments;

  JobController(ExperimentService experiments) {
    this.experiments = experiments;
  }

  @GetMapping("/{id}")
  JobView job(@PathVariable long id) {
    return experiments.job(id).orElseThrow(() -> new NotFoundException("job", id));
  }
}
