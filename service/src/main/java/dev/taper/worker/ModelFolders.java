package dev.taper.worker;

import dev.taper.queue.Lease;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.Manifest;
import dev.taper.storage.UnrecordedFolders;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes a model's folder: stores it whole, then records it in one transaction, or deletes it.
 * Storing comes first so that no record points to a folder without its files, and the folder is
 * named under the storing attempt's lease before a file is written, so that one whose process died
 * before the record (a kill -9 while a large model uploads) is not left for ever: once that attempt
 * has ended, no transaction can record the folder any more, and the workers' housekeeping deletes
 * it ({@link #sweep}).
 */
final class ModelFolders {

  /** At most this many folders a sweep; the next one takes the rest. */
  static final int SWEEP_BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(ModelFolders.class);

  private final JdbcClient jdbc;
  private final ArtifactStore store;
  private final TransactionTemplate transactions;
  private final UnrecordedFolders named;

  ModelFolders(JdbcClient jdbc, ArtifactStore store, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.store = store;
    this.transactions = transactions;
    this.named =
        new UnrecordedFolders(jdbc, store, "unpublished_folder", "unrecorded model folder");
  }

  /** Names the folder as the attempt's, then stores it whole. */
  Manifest store(Lease lease, String key, ArtifactStore.DirectoryWriter writer) {
    jdbc.sql(
            "insert into unpublished_folder (artifact_key, job_id, lease_version)"
                + " values (:key, :job, :version)")
        .param("key", key)
        .param("job", lease.jobId())
        .param("version", lease.version())
        .update();
    return store.putDirectory(key, writer);
  }

  /**
   * Records the stored folder in one transaction with whatever {@code recording} writes (the model
   * row, its lineage, the job's completion under its lease). If that fails, the folder is deleted
   * and the failure thrown.
   */
  void record(String key, Runnable recording) {
    try {
      transactions.executeWithoutResult(
          status -> {
            recording.run();
            named.forget(key);
          });
    } catch (RuntimeException e) {
      // its attempt ends with this failure, and the sweep would take the folder anyway
      named.discard(key);
      throw e;
    }
  }

  /**
   * Deletes up to {@link #SWEEP_BATCH} folders whose attempts ended without recording them, oldest
   * first. A folder named under a lease its attempt still holds is left alone, however old.
   *
   * @return how many were deleted
   */
  int sweep() {
    List<String> keys =
        jdbc.sql(
                """
                select f.artifact_key from unpublished_folder f
                 where not exists (select 1 from stage_job j
                                    where j.id = f.job_id and j.version = f.lease_version
                                      and j.status = 'RUNNING')
                 order by f.named_at, f.artifact_key
                 limit :limit
                """)
            .param("limit", SWEEP_BATCH)
            .query(String.class)
            .list();
    int deleted = 0;
    for (String key : keys) {
      if (named.discard(key)) {
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info(
          "deleted {} model folder(s) stored by attempts that ended before recording them",
          deleted);
    }
    return deleted;
  }
}
