package dev.taper.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.FilesystemArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSweepTest {

  @Test
  void theCheckpointsOfEndedJobsAreDeletedAndForgottenAndOthersKept(@TempDir Path root) {
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    String ended = ArtifactCheckpointStore.key(7);
    String running = ArtifactCheckpointStore.key(8);
    for (String key : List.of(ended, running)) {
      store.write(key, out -> out.write("checkpoint".getBytes(StandardCharsets.UTF_8)));
    }
    EndedJobCheckpoints checkpoints = mock(EndedJobCheckpoints.class);
    EndedJobCheckpoints.Left left = new EndedJobCheckpoints.Left(7, ended);
    when(checkpoints.find(CheckpointSweep.BATCH)).thenReturn(List.of(left));

    new CheckpointSweep(checkpoints, store).run();

    assertThat(store.exists(ended)).isFalse();
    assertThat(store.exists(running)).isTrue();
    verify(checkpoints).forget(left);
  }

  @Test
  void oneCheckpointTheStoreRefusesDoesNotKeepTheOthers(@TempDir Path root) {
    EndedJobCheckpoints checkpoints = mock(EndedJobCheckpoints.class);
    EndedJobCheckpoints.Left refused = new EndedJobCheckpoints.Left(1, "checkpoints/held");
    EndedJobCheckpoints.Left next = new EndedJobCheckpoints.Left(2, ArtifactCheckpointStore.key(2));
    when(checkpoints.find(CheckpointSweep.BATCH)).thenReturn(List.of(refused, next));
    ArtifactStore store = spy(new FilesystemArtifactStore(root));
    doThrow(new IllegalStateException("object locked")).when(store).delete("checkpoints/held");

    new CheckpointSweep(checkpoints, store).run();

    verify(checkpoints, never()).forget(refused);
    verify(checkpoints).forget(next);
  }

  @Test
  void aCheckpointAlreadyGoneIsForgottenToo(@TempDir Path root) {
    EndedJobCheckpoints checkpoints = mock(EndedJobCheckpoints.class);
    EndedJobCheckpoints.Left left = new EndedJobCheckpoints.Left(9, ArtifactCheckpointStore.key(9));
    when(checkpoints.find(CheckpointSweep.BATCH)).thenReturn(List.of(left));

    new CheckpointSweep(checkpoints, new FilesystemArtifactStore(root)).run();

    verify(checkpoints).forget(left);
  }
}
