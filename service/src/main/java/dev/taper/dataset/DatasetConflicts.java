package dev.taper.dataset;

import dev.taper.web.ApiException;
import dev.taper.web.DependentExperiments;
import dev.taper.web.ProblemItem;

/** Why a dataset cannot be deleted: 409 problem+json naming it. */
public final class DatasetConflicts {

  private DatasetConflicts() {}

  /** A built-in dataset, or one registered from a folder on the machine: never uploaded. */
  public static ApiException builtin(String name) {
    ApiException conflict =
        ApiException.conflict(
            "dataset-builtin",
            "Dataset is built in",
            ProblemItem.parameter(
                "name",
                "'"
                    + name
                    + "' is a built-in dataset: it is registered from files on the machine, not"
                    + " uploaded, and cannot be deleted"));
    conflict.getBody().setProperty("name", name);
    return conflict;
  }

  /** A dataset experiments name: how many, and the ids of the newest of them. */
  public static ApiException inUse(String name, DependentExperiments users) {
    ApiException conflict =
        ApiException.conflict(
            "dataset-in-use",
            "Dataset in use",
            ProblemItem.parameter(
                "name",
                "dataset '"
                    + name
                    + "' is named by "
                    + users.counted("")
                    + " ("
                    + users.ids()
                    + "); a dataset an experiment names is kept with it: upload the new files"
                    + " under another name"));
    conflict.getBody().setProperty("name", name);
    users.addTo(conflict.getBody());
    return conflict;
  }
}
