package dev.taper.worker;

import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.UploadFolders;
import dev.taper.export.ExportRequests;
import dev.taper.metrics.MetricHistory;
import dev.taper.model.ModelCatalog;
import dev.taper.observability.TaperMetrics;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.EndedJobCheckpoints;
import dev.taper.queue.ExpiredLeases;
import dev.taper.queue.LeaseReclaimer;
import dev.taper.queue.QueueWakeups;
import dev.taper.queue.StageQueue;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.DeletedArtifacts;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The worker role: the loop, its heartbeats, the lease reclaimer, the queue listener. */
@Configuration(proxyBeanMethods = false)
@WorkerRole
class WorkerConfiguration {

  @Bean
  WorkerSettings workerSettings(TaperProperties properties) {
    TaperProperties.Worker w = properties.worker();
    String id =
        w.id() != null && !w.id().isBlank()
            ? w.id()
            : StageWorker.hostName() + "-" + ProcessHandle.current().pid();
    return new WorkerSettings(
        id,
        w.threads(),
        w.heartbeatInterval(),
        w.pollInterval(),
        w.checkpointInterval(),
        w.drainTimeout(),
        w.gpu());
  }

  @Bean(destroyMethod = "close")
  QueueWakeups queueWakeups(DataSource dataSource) {
    return new QueueWakeups(dataSource);
  }

  @Bean
  ModelFolders modelFolders(
      JdbcClient jdbc, ArtifactStore store, TransactionTemplate transactions) {
    return new ModelFolders(jdbc, store, transactions);
  }

  @Bean(destroyMethod = "close")
  LeaseReclaimer leaseReclaimer(
      ExpiredLeases leases,
      EndedJobCheckpoints checkpoints,
      UploadFolders abandonedUploads,
      DeletedArtifacts deletedArtifacts,
      ModelFolders modelFolders,
      ArtifactStore store,
      TaperProperties properties) {
    return new LeaseReclaimer(
        leases,
        properties.worker().reclaimInterval(),
        new Housekeeping(
            new CheckpointSweep(checkpoints, store),
            abandonedUploads,
            deletedArtifacts,
            modelFolders));
  }

  @Bean
  @ConditionalOnMissingBean
  StageFactory stageFactory() {
    return new EngineStageFactory();
  }

  @Bean
  @ConditionalOnMissingBean
  TrainingData trainingData(DatasetRegistry registry) {
    return new RegistryTrainingData(registry);
  }

  @Bean
  StageWorker stageWorker(
      StageQueue queue,
      QueueWakeups wakeups,
      ModelCatalog models,
      ArtifactStore store,
      TrainingData data,
      StageFactory stages,
      ExportRequests exportRequests,
      JdbcClient jdbc,
      JsonMapper json,
      ModelFolders folders,
      TaperMetrics metrics,
      Clock clock,
      WorkerSettings settings,
      MetricHistory history,
      EndedJobCheckpoints endedCheckpoints) {
    ScheduledExecutorService heartbeats = StageWorker.heartbeatScheduler();
    StageJobRunner runner =
        new StageJobRunner(
            queue,
            models,
            store,
            data,
            stages,
            new ExportJob(exportRequests, models, store, data, queue, folders, json),
            new JobContexts(jdbc, json),
            folders,
            metrics,
            json,
            clock,
            settings,
            heartbeats,
            history,
            endedCheckpoints);
    WorkerPresence presence = new WorkerPresence(jdbc, settings.id());
    return new StageWorker(
        queue,
        wakeups,
        runner,
        presence,
        metrics,
        settings,
        heartbeats,
        StageWorker.HAND_BACK_WAIT);
  }
}
