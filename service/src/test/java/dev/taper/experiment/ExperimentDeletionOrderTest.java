package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
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
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.ArtifactStoreException;
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
 * allow, the files only once the transaction that deleted the rows has committed, a file the store
 * fails to delete is no error and keeps no other from going, and nothing of an experiment with a
 * job still to run is deleted.
 */
class ExperimentDeletionOrderTest {

  static final UUID ID = UUID.randomUUID();

  ExperimentRepository experiments = mock(ExperimentRepository.class);
  ExperimentUsers users = mock(ExperimentUsers.class);
  StageQueue queue = mock(StageQueue.class);
  ExportRequests exportRequests = mock(ExportRequests.class);
  ModelCatalog models = mock(ModelCatalog.class);
  ArtifactStore store = mock(ArtifactStore.class);
  PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
  ExperimentDeletion deletion =
      new ExperimentDeletion(
          experiments,
          users,
          queue,
          exportRequests,
          models,
          store,
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

    InOrder order = inOrder(experiments, exportRequests, models, queue, transactions, store);
    order.verify(experiments).lockForDeletion(ID);
    order.verify(exportRequests).deleteOfExperiment(ID);
    order.verify(models).deleteOfExperiment(ID);
    order.verify(queue).deleteJobsOf(ID);
    order.verify(experiments).deleteRecord(ID);
    order.verify(transactions).commit(any());
    order.verify(store).delete("models/a");
    order.verify(store).delete("models/b");
    order.verify(store).delete("checkpoints/job-1.ckpt");
  }

  @Test
  void aFileTheStoreFailsToDeleteIsLoggedAndTheOthersStillGo() {
    doThrow(new ArtifactStoreException("the bucket is read-only")).when(store).delete("models/a");

    assertThatCode(() -> deletion.delete(ID)).doesNotThrowAnyException();

    verify(transactions).commit(any());
    verify(store).delete("models/b");
    verify(store).delete("checkpoints/job-1.ckpt");
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
    verifyNoInteractions(store);
  }

  private static JobView job(long id, JobStatus status) {
    return new JobView(
        id, ID, "WIDE", status, null, 1, 3, null, false, null, null, null, null, null, null, null);
  }
}
