package dev.taper.dataset;

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
 * What {@link DatasetDeletion} does in which order: the files are named for deletion in the
 * transaction that deletes the record and deleted only once it has committed, files left for the
 * housekeeping are no error, and nothing is deleted of a dataset whose files are a folder on the
 * machine.
 */
class DatasetDeletionOrderTest {

  RegisteredDatasetRepository datasets = mock(RegisteredDatasetRepository.class);
  DatasetUsers users = mock(DatasetUsers.class);
  DatasetRegistry registry = mock(DatasetRegistry.class);
  DeletedArtifacts files = mock(DeletedArtifacts.class);
  PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
  DatasetDeletion deletion =
      new DatasetDeletion(datasets, users, registry, files, new TransactionTemplate(transactions));

  @BeforeEach
  void unused() {
    when(users.of(any())).thenReturn(DependentExperiments.NONE);
  }

  @Test
  void theFilesGoAfterTheRecordsDeletionIsCommitted() {
    RegisteredDatasetEntity upload = record("digits", "artifact:datasets/digits-1");
    when(datasets.lockByName("digits")).thenReturn(Optional.of(upload));

    deletion.delete("digits");

    InOrder order = inOrder(datasets, transactions, files);
    order.verify(datasets).delete(upload);
    order.verify(datasets).flush();
    order.verify(files).remember(List.of("datasets/digits-1"));
    order.verify(transactions).commit(any());
    order.verify(files).deleteNow(List.of("datasets/digits-1"));
  }

  @Test
  void filesLeftForTheHousekeepingAreNoError() {
    RegisteredDatasetEntity upload = record("digits", "artifact:datasets/digits-1");
    when(datasets.lockByName("digits")).thenReturn(Optional.of(upload));
    when(files.deleteNow(List.of("datasets/digits-1"))).thenReturn(1);

    assertThatCode(() -> deletion.delete("digits")).doesNotThrowAnyException();
    verify(transactions).commit(any());
  }

  @Test
  void aDatasetRegisteredFromAFolderOnTheMachineIsKeptFilesAndAll() {
    when(datasets.lockByName("fashion-mnist"))
        .thenReturn(Optional.of(record("fashion-mnist", "file:/usr/share/datasets/fashion-mnist")));

    assertThatThrownBy(() -> deletion.delete("fashion-mnist"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(409);
              assertThat(e.getBody().getType().toString()).endsWith("/dataset-builtin");
            });
    verify(datasets, never()).delete(any());
    verify(transactions).rollback(any());
    verifyNoInteractions(files);
  }

  private static RegisteredDatasetEntity record(String name, String uri) {
    return new RegisteredDatasetEntity(
        new RegisteredDataset(
            UUID.randomUUID(),
            name,
            DatasetFormat.CSV,
            uri,
            "0".repeat(64),
            List.of(3L),
            3,
            90,
            10,
            null));
  }
}
