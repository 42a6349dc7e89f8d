package dev.taper.storage;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What tests read of {@link DeletedArtifacts}' table: whether a file is still to be deleted. */
public final class RememberedFiles {

  private RememberedFiles() {}

  public static boolean contains(JdbcClient jdbc, String key) {
    return jdbc.sql("select count(*) from deleted_artifact where artifact_key = :key")
            .param("key", key)
            .query(Long.class)
            .single()
        > 0;
  }
}
