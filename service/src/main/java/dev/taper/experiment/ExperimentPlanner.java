package dev.taper.experiment;

import dev.taper.queue.NewJob;
import dev.taper.spec.Baseline;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.StageKind;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a resolved spec into stage jobs: WIDE (unless a teacher is reused), IMITATE after it,
 * FINETUNE after that, an EXPORT of THIN per format and precision the spec asks for, and the
 * baselines the spec asks for (KD waits for the WIDE teacher). The method's own line outranks the
 * baselines, so the THIN model is ready as early as possible.
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
    int finetune =
        add(
            jobs,
            new NewJob(StageKind.FINETUNE.name(), imitate, METHOD_PRIORITY, maxAttempts, gpu));
    for (int i = 0; i < exports(spec).size(); i++) {
      // exporting runs on the CPU whatever trained the model: ONNX Runtime is measured there
      add(jobs, new NewJob(StageKind.EXPORT.name(), finetune, METHOD_PRIORITY, maxAttempts, false));
    }
    for (Baseline baseline : spec.baselines()) {
      int dependsOn = baseline == Baseline.KD ? wide : -1;
      add(
          jobs,
          new NewJob(baseline.stage().name(), dependsOn, BASELINE_PRIORITY, maxAttempts, gpu));
    }
    return jobs;
  }

  /** The exports of THIN the spec asks for, in the order of the plan's EXPORT jobs. */
  static List<ExportVariant> exports(ExperimentSpec spec) {
    List<ExportVariant> variants = new ArrayList<>();
    if (spec.export() == null) {
      return variants;
    }
    for (ExportFormat format : spec.export().formats()) {
      for (Precision precision : spec.export().precisions()) {
        variants.add(new ExportVariant(format, precision));
      }
    }
    return variants;
  }

  private static int add(List<NewJob> jobs, NewJob job) {
    jobs.add(job);
    return jobs.size() - 1;
  }
}
