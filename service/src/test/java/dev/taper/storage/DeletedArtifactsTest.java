package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files named for deletion in a transaction are remembered only if it commits, forgotten once
 * deleted, and kept, for the next sweep, while the store refuses them.
 */
@ApiContextTest
class DeletedArtifactsTest extends PostgresTest {

  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  ArtifactStore store = mock(ArtifactStore.class);

  @Test
  void filesAreRememberedWithTheTransactionThatNamesThemAndNotWithOneRolledBack() {
    DeletedArtifacts files = new DeletedArtifacts(jdbc, store);
    String kept = key();
    String rolledBack = key();

    transactions.executeWithoutResult(status -> files.remember(List.of(kept, kept)));
    transactions.executeWithoutResult(
        status -> {
          files.remember(List.of(rolledBack));
          status.setRollbackOnly();
        });

    assertThat(remembered(kept)).isTrue();
    assertThat(remembered(rolledBack)).isFalse();
  }

  @Test
  void aFileTheStoreRefusesIsKeptForTheSweepAndTheOthersAreDeletedAndForgotten() {
    DeletedArtifacts files = new DeletedArtifacts(jdbc, store);
    String refused = key();
    String deleted = key();
    transactions.executeWithoutResult(status -> files.remember(List.of(refused, deleted)));
    doThrow(new ArtifactStoreException("the bucket is read-only")).when(store).delete(refused);

    assertThat(files.deleteNow(List.of(refused, deleted))).isEqualTo(1);

    verify(store).delete(deleted);
    assertThat(remembered(deleted)).isFalse();
    assertThat(remembered(refused)).isTrue();

    DeletedArtifacts later = new DeletedArtifacts(jdbc, mock(ArtifactStore.class));
    assertThat(later.sweep()).isPositive();
    assertThat(remembered(refused)).isFalse();
  }

  private boolean remembered(String key) {
    return RememberedFiles.contains(jdbc, key);
  }

  private static String key() {
    return "models/" + UUID.randomUUID();
  }
}
