package dev.taper.worker;

import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;

import dev.taper.dataset.UploadFolders;
import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.queue.ExpiredLeases;
import dev.taper.queue.LeaseReclaimer;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.DeletedArtifacts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * After each reclaim a worker deletes ended jobs' checkpoints, hands abandoned dataset uploads to
 * deletion before deleting deleted records' files, then the model folders of attempts that ended
 * before recording them.
 */
class HousekeepingTest {

  @Test
  void eachReclaimIsFollowedByEverySweep() {
    ExpiredLeases leases = mock(ExpiredLeases.class);
    EndedJobCheckpoints checkpoints = mock(EndedJobCheckpoints.class);
    DeletedArtifacts deletedRecordsFiles = mock(DeletedArtifacts.class);
    UploadFolders abandonedUploads = mock(UploadFolders.class);
    ModelFolders modelFolders = mock(ModelFolders.class);
    LeaseReclaimer reclaimer =
        new LeaseReclaimer(
            leases,
            Duration.ofHours(1),
            new Housekeeping(
                new CheckpointSweep(checkpoints, mock(ArtifactStore.class)),
                abandonedUploads,
                deletedRecordsFiles,
                modelFolders));

    reclaimer.runDueWorkNow();

    InOrder order =
        inOrder(leases, checkpoints, abandonedUploads, deletedRecordsFiles, modelFolders);
    order.verify(leases).reclaim();
    order.verify(checkpoints).find(CheckpointSweep.BATCH);
    order.verify(abandonedUploads).sweep();
    order.verify(deletedRecordsFiles).sweep();
    order.verify(modelFolders).sweep();
  }
}
