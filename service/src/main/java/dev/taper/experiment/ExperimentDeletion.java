package dev.taper.experiment;

import dev.taper.export.ExportRequests;
import dev.taper.model.ModelCatalog;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
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
  private final ArtifactStore store;
  private final TransactionTemplate transactions;

  ExperimentDeletion(
      ExperimentRepository experiments,
      ExperimentUsers users,
      StageQueue queue,
      ExportRequests exportRequests,
      ModelCatalog models,
      ArtifactStore store,
      TransactionTemplate transactions) {
    this.experiments = experiments;
    this.users = users;
    this.queue = queue;
    this.exportRequests = exportRequests;
    this.models = models;
    this.store = store;
    this.transactions = transactions;
  }

  /** What the deleted records named in the artifact store. */
  record Deleted(List<String> models, List<String> checkpoints) {}

  /**
   * Deletes the experiment {@code id} and its stored files. A file that cannot be deleted is
   * logged: the records are gone by then, so nothing points at it.
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
    return new Deleted(modelFiles, checkpoints);
  }

  private void deleteFiles(UUID id, Deleted deleted) {
    List<String> keys = new ArrayList<>(deleted.models());
    keys.addAll(deleted.checkpoints());
    int left = 0;
    for (String key : keys) {
      try {
        store.delete(key);
      } catch (RuntimeException e) {
        // the records are gone; the file is left over, not missing
        left++;
        log.warn(
            "deleted experiment {}, but not its file {}: delete it from the artifact store",
            id,
            key,
            e);
      }
    }
    if (left == 0) {
      log.info(
          "deleted experiment {} with its {} model(s) and its files", id, deleted.models().size());
    } else {
      log.info(
          "deleted experiment {} with its {} model(s); {} of its {} artifact keys are left over",
          id,
          deleted.models().size(),
          left,
          keys.size());
    }
  }
}
