package dev.taper.experiment;

import dev.taper.queue.NewJob;
import dev.taper.spec.Baseline;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.StageKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a resolved spec into stage jobs: WIDE (unless a teacher is reused), IMITATE after it,
 * FINETUNE after that, and the baselines the spec asks for (KD waits for the WIDE teacher). The
 * method's own line outranks the baselines, so the THIN model is ready as early as possible.
 */
final class ExperimentPlanner {

  static final int METHOD_PRIORITY = 10;
  static final int BASELINE_PRIORITY = 0;

  private ExperimentPlanner() {}

  static List<NewJob> plan(ExperimentSpec spec, boolean teacherReused, int maxAttempts) {
    boolean gpu = spec.device() == ComputeDevice.GPU;
    List<NewJob> jobs = new ArrayList<>();
    int wide = -1;
    if (!teacherReused) {
      wide = add(jobs, new NewJob(StageKind.WIDE.name(), -1, METHOD_PRIORITY, maxAttempts, gpu));
    }
    int imitate =
        add(jobs, new NewJob(StageKind.IMITATE.name(), wide, METHOD_PRIORITY, maxAttempts, gpu));
    add(jobs, new NewJob(StageKind.FINETUNE.name(), imitate, METHOD_PRIORITY, maxAttempts, gpu));
    for (Baseline baseline : spec.baselines()) {
      int dependsOn = baseline == Baseline.KD ? wide : -1;
      add(
          jobs,
          new NewJob(baseline.stage().name(), dependsOn, BASELINE_PRIORITY, maxAttempts, gpu));
    }
    return jobs;
  }

  private static int add(List<NewJob> jobs, NewJob job) {
    jobs.add(job);
    return jobs.size() - 1;
  }
}
