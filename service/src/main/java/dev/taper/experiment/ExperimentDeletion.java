package dev.taper.experiment;

import dev.taper.export.ExportRequests;
import dev.taper.model.ModelCatalog;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.storage.DeletedArtifacts;
import dev.taper.web.DependentExperiments;
import dev.taper.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes an experiment whose jobs have all ended and whose models teach no other experiment, with
 * everything it owns: its stage jobs (their metric history and claim audit go with them), its
 * models (exports included) with their lineage edges and export requests, and its tags; then, once
 * that has committed, their files in the artifact store: the models' and the jobs' checkpoints.
 */
@Service
public class ExperimentDeletion {

  private static final Logger log = LoggerFactory.getLogger(ExperimentDeletion.class);

  private final ExperimentRepository experiments;
  private final ExperimentUsers users;
  private final StageQueue queue;
  private final ExportRequests exportRequests;
  private final ModelCatalog models;
  private final DeletedArtifacts files;
  private final TransactionTemplate transactions;

  ExperimentDeletion(
      ExperimentRepository experiments,
      ExperimentUsers users,
      StageQueue queue,
      ExportRequests exportRequests,
      ModelCatalog models,
      DeletedArtifacts files,
      TransactionTemplate transactions) {
    this.experiments = experiments;
    this.users = users;
    this.queue = queue;
    this.exportRequests = exportRequests;
    this.models = models;
    this.files = files;
    this.transactions = transactions;
  }

  /** What the deleted records named in the artifact store. */
  record Deleted(List<String> models, List<String> checkpoints) {

    List<String> keys() {
      List<String> keys = new ArrayList<>(models);
      keys.addAll(checkpoints);
      return keys;
    }
  }

  /**
   * Deletes the experiment {@code id} and its stored files. A file that cannot be deleted now stays
   * remembered, and the workers' housekeeping deletes it ({@link DeletedArtifacts}).
   *
   * @throws NotFoundException when there is no such experiment
   * @throws dev.taper.web.ApiException 409 when one of its jobs has not ended, or one of its models
   *     teaches another experiment
   */
  public void delete(UUID id) {
    Deleted deleted = transactions.execute(status -> deleteRecords(id));
    deleteFiles(id, deleted);
  }

  /** What the records named, once they are deleted (committed when the transaction is). */
  private Deleted deleteRecords(UUID id) {
    // locked: an export, a submission reusing a model and a worker publishing one hold the record
    // too, so each either waits for this and finds nothing, or went first and is seen below
    if (experiments.lockForDeletion(id) == 0) {
      throw new NotFoundException("experiment", id);
    }
    List<Long> planned = new ArrayList<>();
    List<Long> requested = new ArrayList<>();
    for (JobView job : queue.jobsOf(id)) {
      if (!job.status().isTerminal()) {
        boolean export =
            exportRequests.ofJob(job.id()).map(r -> r.sourceModelId() != null).orElse(false);
        (export ? requested : planned).add(job.id());
      }
    }
    if (!planned.isEmpty() || !requested.isEmpty()) {
      throw ExperimentConflicts.active(id, planned, requested);
    }
    DependentExperiments taught = users.of(id);
    if (taught.any()) {
      throw ExperimentConflicts.inUse(id, taught);
    }
    // in the order the foreign keys allow: what names a model, the models, the jobs they came from
    exportRequests.deleteOfExperiment(id);
    List<String> modelFiles = models.deleteOfExperiment(id);
    List<String> checkpoints = queue.deleteJobsOf(id);
    experiments.deleteRecord(id);
    Deleted deleted = new Deleted(modelFiles, checkpoints);
    files.remember(deleted.keys());
    return deleted;
  }

  private void deleteFiles(UUID id, Deleted deleted) {
    List<String> keys = deleted.keys();
    int left = files.deleteNow(keys);
    if (left == 0) {
      log.info(
          "deleted experiment {} with its {} model(s) and its files", id, deleted.models().size());
    } else {
      log.info(
          "deleted experiment {} with its {} model(s); {} of its {} files are left for the workers'"
              + " housekeeping to delete",
          id,
          deleted.models().size(),
          left,
          keys.size());
    }
  }
}
