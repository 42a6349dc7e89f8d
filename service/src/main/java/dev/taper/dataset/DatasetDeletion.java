package dev.taper.dataset;

import dev.taper.storage.DeletedArtifacts;
import dev.taper.web.DependentExperiments;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes an uploaded dataset no experiment names: its record, then its files in the artifact
 * store. Built-in datasets are never deleted, and nothing outside the artifact store is.
 */
@Service
public class DatasetDeletion {

  private static final Logger log = LoggerFactory.getLogger(DatasetDeletion.class);

  private final RegisteredDatasetRepository datasets;
  private final DatasetUsers users;
  private final DatasetRegistry registry;
  private final DeletedArtifacts files;
  private final TransactionTemplate transactions;

  DatasetDeletion(
      RegisteredDatasetRepository datasets,
      DatasetUsers users,
      DatasetRegistry registry,
      DeletedArtifacts files,
      TransactionTemplate transactions) {
    this.datasets = datasets;
    this.users = users;
    this.registry = registry;
    this.files = files;
    this.transactions = transactions;
  }

  /**
   * Deletes the dataset {@code name} and its stored files. Files that cannot be deleted now stay
   * remembered, and the workers' housekeeping deletes them ({@link DeletedArtifacts}).
   *
   * @throws DatasetNotFoundException when no such dataset is registered
   * @throws dev.taper.web.ApiException 409 when it is built in or an experiment names it
   */
  public void delete(String name) {
    if (registry.isBuiltin(name)) {
      throw DatasetConflicts.builtin(name);
    }
    String key = transactions.execute(status -> deleteRecord(name));
    deleteFiles(name, key);
  }

  /**
   * The key of the record's files, remembered for deletion once the record is deleted (committed
   * when the transaction is).
   */
  private String deleteRecord(String name) {
    // locked, so that a concurrent deletion waits for this one and then finds nothing
    RegisteredDatasetEntity entity =
        datasets.lockByName(name).orElseThrow(() -> new DatasetNotFoundException(name));
    RegisteredDataset dataset = entity.view();
    if (!dataset.uri().startsWith(DatasetRegistry.ARTIFACT)) {
      // a folder on the machine (a built-in dataset while built-ins are switched off): not ours
      throw DatasetConflicts.builtin(name);
    }
    DependentExperiments found = users.of(name);
    if (found.any()) {
      throw DatasetConflicts.inUse(name, found);
    }
    datasets.delete(entity);
    datasets.flush();
    String key = dataset.uri().substring(DatasetRegistry.ARTIFACT.length());
    files.remember(List.of(key));
    return key;
  }

  private void deleteFiles(String name, String key) {
    if (files.deleteNow(List.of(key)) == 0) {
      log.info("deleted dataset {} and its files ({})", name, key);
    } else {
      log.info(
          "deleted dataset {}; its files ({}) are left for the workers' housekeeping to delete",
          name,
          key);
    }
  }
}
