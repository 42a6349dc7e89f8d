package dev.taper.storage;

import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Files whose records are gone, deleted for sure. A deletion names them in its own transaction
 * ({@link #remember}), so they are named exactly when the records are gone; it deletes them once
 * that has committed ({@link #deleteNow}); whatever is left, because the process was killed in
 * between or the store refused, the workers' housekeeping deletes ({@link #sweep}), as it does the
 * dataset uploads abandoned before registration that {@code dataset.UploadFolders} hands it. A key
 * is forgotten only once its file is gone, and deleting one twice is harmless: the keys name one
 * model, job checkpoint or upload each and are never given out again.
 */
@Service
public class DeletedArtifacts {

  /** At most this many files a sweep; the next one takes the rest. */
  static final int SWEEP_BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(DeletedArtifacts.class);

  private final JdbcClient jdbc;
  private final ArtifactStore store;

  public DeletedArtifacts(JdbcClient jdbc, ArtifactStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  /** Names files to delete; call it in the transaction that deletes what named them. */
  public void remember(Collection<String> keys) {
    for (String key : keys) {
      jdbc.sql("insert into deleted_artifact (artifact_key) values (:key) on conflict do nothing")
          .param("key", key)
          .update();
    }
  }

  /**
   * Deletes the files now, after the transaction that remembered them has committed.
   *
   * @return how many are left, logged, for the housekeeping to try again
   */
  public int deleteNow(Collection<String> keys) {
    int left = 0;
    for (String key : keys) {
      if (!deleted(key)) {
        left++;
      }
    }
    return left;
  }

  /**
   * Deletes up to {@link #SWEEP_BATCH} remembered files, oldest first: those a deletion could not.
   *
   * @return how many were deleted
   */
  public int sweep() {
    List<String> keys =
        jdbc.sql(
                "select artifact_key from deleted_artifact order by deleted_at, artifact_key"
                    + " limit :limit")
            .param("limit", SWEEP_BATCH)
            .query(String.class)
            .list();
    int deleted = 0;
    for (String key : keys) {
      if (deleted(key)) {
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("deleted {} file(s) no record names any more", deleted);
    }
    return deleted;
  }

  private boolean deleted(String key) {
    try {
      store.delete(key);
    } catch (RuntimeException e) {
      // one the store refuses must not keep the ones after it: they go on, and it is tried again
      log.warn(
          "cannot delete {} from the artifact store yet; the workers' housekeeping tries again",
          key,
          e);
      return false;
    }
    jdbc.sql("delete from deleted_artifact where artifact_key = :key").param("key", key).update();
    return true;
  }
}
