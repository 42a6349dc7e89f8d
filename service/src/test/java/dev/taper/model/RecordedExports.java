package dev.taper.model;

import dev.taper.training.export.ExportVariant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Records an export of an MLP model as a finished EXPORT job publishes one, for tests. */
public final class RecordedExports {

  private RecordedExports() {}

  /**
   * The id of a new EXPORT model of {@code source}, made by a new finished EXPORT job of {@code
   * experiment}, with the metrics (its card) given as JSON; its files are the caller's to store.
   */
  public static UUID record(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      ModelCatalog catalog,
      UUID experiment,
      UUID source,
      String metrics,
      ExportVariant variant) {
    UUID id = UUID.randomUUID();
    long job = finishedExportJob(jdbc, experiment);
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status ->
                catalog.record(
                    new NewModel(
                        id,
                        experiment,
                        job,
                        ModelRole.EXPORT,
                        "mlp",
                        "{\"family\": \"mlp\", \"inputSize\": 784, \"depth\": 8, \"width\": 32,"
                            + " \"classes\": 10}",
                        1,
                        1,
                        1,
                        "sha",
                        "models/" + id,
                        metrics,
                        null,
                        variant),
                    List.of(new NewEdge(source, id, EdgeRelation.EXPORTED_FROM))));
    return id;
  }

  private static long finishedExportJob(JdbcClient jdbc, UUID experiment) {
    return jdbc.sql(
            """
            insert into stage_job (experiment_id, kind, status, attempt, started_at, finished_at)
            values (:experiment, 'EXPORT', 'SUCCEEDED', 1, now(), now())
            returning id
            """)
        .param("experiment", experiment)
        .query(Long.class)
        .single();
  }
}
