package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.taper.export.ExportRequests;
import dev.taper.model.ModelCatalog;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.queue.StageQueue;
import dev.taper.storage.DeletedArtifacts;
import dev.taper.web.ApiException;
import dev.taper.web.DependentExperiments;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@link ExperimentDeletion} does in which order: the rows go in the order their foreign keys
 * allow, the files are named for deletion in the transaction that deleted the rows and deleted only
 * once it has committed, a file left for the housekeeping is no error, and nothing of an experiment
 * with a job still to run is deleted.
 */
class ExperimentDeletionOrderTest {

  static final UUID ID = UUID.randomUUID();

  /** The experiment's models' folders and its job's checkpoint. */
  static final List<String> FILES = List.of("models/a", "models/b", "checkpoints/job-1.ckpt");

  ExperimentRepository experiments = mock(ExperimentRepository.class);
  ExperimentUsers users = mock(ExperimentUsers.class);
  StageQueue queue = mock(StageQueue.class);
  ExportRequests exportRequests = mock(ExportRequests.class);
  ModelCatalog models = mock(ModelCatalog.class);
  DeletedArtifacts files = mock(DeletedArtifacts.class);
  PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
  ExperimentDeletion deletion =
      new ExperimentDeletion(
          experiments,
          users,
          queue,
          exportRequests,
          models,
          files,
          new TransactionTemplate(transactions));

  @BeforeEach
  void aFinishedExperimentNothingReuses() {
    when(experiments.lockForDeletion(ID)).thenReturn(1L);
    when(queue.jobsOf(ID)).thenReturn(List.of(job(1, JobStatus.SUCCEEDED)));
    when(users.of(ID)).thenReturn(DependentExperiments.NONE);
    when(models.deleteOfExperiment(ID)).thenReturn(List.of("models/a", "models/b"));
    when(queue.deleteJobsOf(ID)).thenReturn(List.of("checkpoints/job-1.ckpt"));
  }

  @Test
  void theRowsGoInTheOrderOfTheirKeysAndTheFilesAfterTheCommit() {
    deletion.delete(ID);

    InOrder order = inOrder(experiments, exportRequests, models, queue, transactions, files);
    order.verify(experiments).lockForDeletion(ID);
    order.verify(exportRequests).deleteOfExperiment(ID);
    order.verify(models).deleteOfExperiment(ID);
    order.verify(queue).deleteJobsOf(ID);
    order.verify(experiments).deleteRecord(ID);
    // named for deletion in the transaction that deletes the rows, deleted once it has committed
    order.verify(files).remember(FILES);
    order.verify(transactions).commit(any());
    order.verify(files).deleteNow(FILES);
  }

  @Test
  void filesLeftForTheHousekeepingAreNoError() {
    when(files.deleteNow(FILES)).thenReturn(1);

    assertThatCode(() -> deletion.delete(ID)).doesNotThrowAnyException();

    verify(transactions).commit(any());
  }

  @Test
  void anExperimentWithAJobStillToRunIsKeptFilesAndAll() {
    when(queue.jobsOf(ID))
        .thenReturn(List.of(job(1, JobStatus.SUCCEEDED), job(2, JobStatus.BLOCKED)));
    when(exportRequests.ofJob(2)).thenReturn(Optional.empty());

    assertThatThrownBy(() -> deletion.delete(ID))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(409);
              assertThat(e.getBody().getType().toString()).endsWith("/experiment-active");
              assertThat(e.getBody().getProperties()).containsEntry("jobIds", List.of(2L));
            });
    verify(models, never()).deleteOfExperiment(any());
    verify(queue, never()).deleteJobsOf(any());
    verify(experiments, never()).deleteRecord(any());
    verify(transactions).rollback(any());
    verifyNoInteractions(files);
  }

  private static JobView job(long id, JobStatus status) {
    return new JobView(
        id, ID, "WIDE", status, null, 1, 3, null, false, null, null, null, null, null, null, null);
  }
}
