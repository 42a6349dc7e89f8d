package dev.taper.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The names, in one table, of folders stored in the artifact store before the record that will name
 * them is written: named before the first file, forgotten by the transaction that records the
 * folder ({@link #forget}), or deleted with the folder ({@link #discard}) when that cannot happen
 * any more. The table holds the folder's key in {@code artifact_key}.
 */
public final class UnrecordedFolders {

  private static final Logger log = LoggerFactory.getLogger(UnrecordedFolders.class);

  private final JdbcClient jdbc;
  private final ArtifactStore store;
  private final String table;
  private final String what;

  /**
   * @param table the table naming the folders
   * @param what what a folder is, for the log (e.g. {@code unrecorded model folder})
   */
  public UnrecordedFolders(JdbcClient jdbc, ArtifactStore store, String table, String what) {
    this.jdbc = jdbc;
    this.store = store;
    this.table = table;
    this.what = what;
  }

  /**
   * Forgets the folder's name; in the transaction that records the folder.
   *
   * @return 1, or 0 when it was not named (any more)
   */
  public int forget(String key) {
    return jdbc.sql("delete from " + table + " where artifact_key = :key")
        .param("key", key)
        .update();
  }

  /**
   * Deletes the folder, then forgets its name. One the store refuses stays named, for the workers'
   * housekeeping to try again, and does not throw: the caller has a failure of its own to report,
   * or other folders to go on with.
   *
   * @return whether it was deleted
   */
  public boolean discard(String key) {
    try {
      store.delete(key);
    } catch (RuntimeException e) {
      log.warn("cannot delete the {} {} yet; the workers' housekeeping tries again", what, key, e);
      return false;
    }
    forget(key);
    return true;
  }
}
