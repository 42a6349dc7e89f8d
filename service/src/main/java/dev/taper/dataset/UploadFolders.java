package dev.taper.dataset;

import dev.taper.properties.TaperProperties;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.UnrecordedFolders;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores an uploaded dataset's folder, then registers it in one transaction, or deletes it. Storing
 * comes first so that no record points to a folder without its files, and the folder is named
 * (table {@code unregistered_upload}) before a file is written, so that one whose process died
 * before the registration (a kill -9 while a large upload is copied to the store) is not left for
 * ever. An upload holds no lease that could run out, so the workers' housekeeping takes such a
 * folder by its age: once it is older than {@code taper.datasets.abandon-upload-after}, it is
 * handed to {@link dev.taper.storage.DeletedArtifacts} in the same statement that forgets it
 * ({@link #sweep}), and a registration that comes later than that fails instead of recording a
 * folder that is being deleted.
 */
@Service
public class UploadFolders {

  /** At most this many folders a sweep; the next one takes the rest. */
  static final int SWEEP_BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(UploadFolders.class);

  private final JdbcClient jdbc;
  private final ArtifactStore store;
  private final TransactionTemplate transactions;
  private final Duration abandonAfter;
  private final UnrecordedFolders named;

  @Autowired
  public UploadFolders(
      JdbcClient jdbc,
      ArtifactStore store,
      TransactionTemplate transactions,
      TaperProperties properties) {
    this(jdbc, store, transactions, properties.datasets().abandonUploadAfter());
  }

  UploadFolders(
      JdbcClient jdbc,
      ArtifactStore store,
      TransactionTemplate transactions,
      Duration abandonAfter) {
    if (abandonAfter.isNegative() || abandonAfter.isZero()) {
      throw new IllegalArgumentException(
          "taper.datasets.abandon-upload-after must be positive, not " + abandonAfter);
    }
    this.jdbc = jdbc;
    this.store = store;
    this.transactions = transactions;
    this.abandonAfter = abandonAfter;
    this.named = new UnrecordedFolders(jdbc, store, "unregistered_upload", "unregistered upload");
  }

  /** Names the folder as an upload's, then stores it whole. */
  void store(String key, ArtifactStore.DirectoryWriter writer) {
    jdbc.sql("insert into unregistered_upload (artifact_key) values (:key)")
        .param("key", key)
        .update();
    try {
      store.putDirectory(key, writer);
    } catch (RuntimeException e) {
      named.discard(key);
      throw e;
    }
  }

  /**
   * Registers the stored folder in one transaction with whatever {@code registration} writes. If
   * that fails, or the housekeeping has already taken the folder, the folder is deleted and the
   * failure thrown.
   *
   * @throws UploadAbandonedException when the folder was stored longer ago than the housekeeping
   *     waits for its registration
   */
  <T> T register(String key, Supplier<T> registration) {
    try {
      return transactions.execute(
          status -> {
            T registered = registration.get();
            if (named.forget(key) == 0) {
              throw new UploadAbandonedException(key, abandonAfter);
            }
            return registered;
          });
    } catch (RuntimeException e) {
      // the request ends with this failure, and the sweep would take the folder anyway
      named.discard(key);
      throw e;
    }
  }

  /**
   * Hands up to {@link #SWEEP_BATCH} folders named longer ago than {@code abandon-upload-after} to
   * {@link dev.taper.storage.DeletedArtifacts}, which deletes them (its sweep runs next), oldest
   * first. One statement forgets and hands over, so a folder is either registered or deleted.
   *
   * @return how many were handed over
   */
  public int sweep() {
    int abandoned =
        jdbc.sql(
                """
                with abandoned as (
                  delete from unregistered_upload
                   where artifact_key in (
                     select artifact_key from unregistered_upload
                      where named_at < now() - make_interval(secs => :seconds)
                      order by named_at, artifact_key
                      limit :limit
                        for update skip locked)
                  returning artifact_key)
                insert into deleted_artifact (artifact_key)
                select artifact_key from abandoned
                on conflict do nothing
                """)
            .param("seconds", (double) abandonAfter.toSeconds())
            .param("limit", SWEEP_BATCH)
            .update();
    if (abandoned > 0) {
      log.info(
          "{} dataset upload folder(s) were stored over {} ago and never registered (their process"
              + " stopped while storing them): deleting them",
          abandoned,
          abandonAfter);
    }
    return abandoned;
  }
}
