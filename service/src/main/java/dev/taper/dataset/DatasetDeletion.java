package dev.taper.dataset;

import dev.taper.storage.ArtifactStore;
import dev.taper.web.DependentExperiments;
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
  private final ArtifactStore store;
  private final TransactionTemplate transactions;

  DatasetDeletion(
      RegisteredDatasetRepository datasets,
      DatasetUsers users,
      DatasetRegistry registry,
      ArtifactStore store,
      TransactionTemplate transactions) {
    this.datasets = datasets;
    this.users = users;
    this.registry = registry;
    this.store = store;
    this.transactions = transactions;
  }

  /**
   * Deletes the dataset {@code name} and its stored files. A failure to delete the files is logged:
   * the record is gone by then, so nothing points at them.
   *
   * @throws DatasetNotFoundException when no such dataset is registered
   * @throws dev.taper.web.ApiException 409 when it is built in or an experiment names it
   */
  public void delete(String name) {
    if (registry.isBuiltin(name)) {
      throw DatasetConflicts.builtin(name);
    }
    String uri = transactions.execute(status -> deleteRecord(name));
    deleteFiles(name, uri);
  }

  /** The record's uri, once the record is deleted (committed when the transaction is). */
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
    return dataset.uri();
  }

  private void deleteFiles(String name, String uri) {
    String key = uri.substring(DatasetRegistry.ARTIFACT.length());
    try {
      store.delete(key);
      log.info("deleted dataset {} and its files ({})", name, key);
    } catch (RuntimeException e) {
      // the record is gone and the name free again; the files are left over, not missing
      log.warn(
          "deleted dataset {}, but not its files: delete {} from the artifact store", name, key, e);
    }
  }
}
