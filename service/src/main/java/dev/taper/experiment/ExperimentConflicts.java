package dev.taper.experiment;

import dev.taper.web.ApiException;
import dev.taper.web.DependentExperiments;
import dev.taper.web.ProblemItem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Why an experiment cannot be deleted: 409 problem+json naming it. */
public final class ExperimentConflicts {

  private ExperimentConflicts() {}

  /**
   * An experiment with stage jobs that have not ended (BLOCKED, QUEUED or RUNNING): those of its
   * plan, which its cancellation stops, and exports requested later for its models, which are
   * cancelled one by one.
   *
   * @param planned the ids of its plan's jobs that have not ended
   * @param requestedExports the ids of the requested export jobs that have not ended
   */
  public static ApiException active(UUID id, List<Long> planned, List<Long> requestedExports) {
    List<String> jobs = new ArrayList<>();
    List<String> cancel = new ArrayList<>();
    if (!planned.isEmpty()) {
      jobs.add(
          (planned.size() == 1 ? "stage job " : "stage jobs ") + ids(planned) + " of its plan");
      cancel.add("cancel it with POST /api/v1/experiments/" + id + "/cancel");
    }
    if (!requestedExports.isEmpty()) {
      boolean one = requestedExports.size() == 1;
      jobs.add(
          (one ? "export job " : "export jobs ")
              + ids(requestedExports)
              + " requested for its models");
      cancel.add(
          (planned.isEmpty() ? "cancel " : "")
              + (one
                  ? "the export with POST /api/v1/jobs/" + requestedExports.get(0) + "/cancel"
                  : "each export with POST /api/v1/jobs/{id}/cancel")
              + " (or let "
              + (one ? "it" : "them")
              + " finish)");
    }
    ApiException conflict =
        ApiException.conflict(
            "experiment-active",
            "Experiment still active",
            ProblemItem.parameter(
                "id",
                "experiment "
                    + id
                    + " has jobs that have not ended (BLOCKED, QUEUED or RUNNING): "
                    + String.join(" and ", jobs)
                    + "; "
                    + String.join(" and ", cancel)
                    + ", then delete the experiment once its jobs have ended"));
    conflict
        .getBody()
        .setProperty("jobIds", Stream.concat(planned.stream(), requestedExports.stream()).toList());
    return conflict;
  }

  /** An experiment one of whose models teaches other experiments: how many, and the newest. */
  public static ApiException inUse(UUID id, DependentExperiments taught) {
    ApiException conflict =
        ApiException.conflict(
            "experiment-in-use",
            "Experiment in use",
            ProblemItem.parameter(
                "id",
                "a model of experiment "
                    + id
                    + " teaches "
                    + taught.counted("other")
                    + " ("
                    + taught.ids()
                    + "); an experiment is kept while another reuses its models: delete "
                    + (taught.count() == 1 ? "that experiment" : "those experiments")
                    + " first"));
    taught.addTo(conflict.getBody());
    return conflict;
  }

  private static String ids(List<Long> jobs) {
    return jobs.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
