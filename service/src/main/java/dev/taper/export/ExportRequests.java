package dev.taper.export;

import dev.taper.training.WireName;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code export_job} rows: what each EXPORT job exports. */
@Component
public class ExportRequests {

  private final JdbcClient jdbc;

  ExportRequests(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** First of the two keys of the advisory locks that {@link #lockModel} takes: exports' own. */
  private static final int EXPORT_LOCKS = 0x7E0A7;

  /**
   * Holds, until the caller's transaction ends, a lock on asking for this model's exports: of two
   * requests at once, the second waits and then sees the first's jobs instead of queueing them
   * again.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void lockModel(UUID modelId) {
    jdbc.sql("select pg_advisory_xact_lock(:exports, hashtext(:model))")
        .param("exports", EXPORT_LOCKS)
        .param("model", modelId.toString())
        .query()
        .listOfRows();
  }

  /**
   * Records, in the caller's transaction, that a just-enqueued EXPORT job exports the model its
   * dependency will produce.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordPlanned(long jobId, ExportVariant variant) {
    record(jobId, null, variant);
  }

  /** Records, in the caller's transaction, that a just-enqueued EXPORT job exports this model. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordFor(long jobId, UUID sourceModelId, ExportVariant variant) {
    record(jobId, sourceModelId, variant);
  }

  private void record(long jobId, UUID sourceModelId, ExportVariant variant) {
    jdbc.sql(
            """
            insert into export_job (job_id, source_model_id, format, precision)
            values (:job, :source, :format, :precision)
            """)
        .param("job", jobId)
        .param("source", sourceModelId)
        .param("format", variant.format().wireName())
        .param("precision", variant.precision().wireName())
        .update();
  }

  /**
   * Deletes what the EXPORT jobs of an experiment export, in the caller's transaction: the one that
   * deletes the experiment, whose models these rows name.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void deleteOfExperiment(UUID experimentId) {
    jdbc.sql(
            """
            delete from export_job
             where job_id in (select id from stage_job where experiment_id = :experiment)
            """)
        .param("experiment", experimentId)
        .update();
  }

  public Optional<ExportRequest> ofJob(long jobId) {
    return jdbc.sql(
            """
            select e.job_id, e.source_model_id, j.depends_on, e.format, e.precision
              from export_job e join stage_job j on j.id = e.job_id
             where e.job_id = :job
            """)
        .param("job", jobId)
        .query(
            (rs, n) ->
                new ExportRequest(
                    rs.getLong("job_id"),
                    rs.getObject("source_model_id", UUID.class),
                    rs.getObject("depends_on", Long.class),
                    variant(rs.getString("format"), rs.getString("precision"))))
        .optional();
  }

  /**
   * The export job for this model and variant that has not ended yet, if any: one requested for the
   * model, or one planned to export it once the job that produces it has finished.
   */
  public Optional<PendingExport> pending(UUID modelId, long producedBy, ExportVariant variant) {
    return pending(modelId, producedBy).stream()
        .filter(p -> p.variant().equals(variant))
        .findFirst();
  }

  /**
   * Every export job for this model that has not ended, as {@link #pending(UUID, long,
   * ExportVariant)} finds them, the newest first.
   */
  public List<PendingExport> pending(UUID modelId, long producedBy) {
    return jdbc.sql(
            """
            select j.id, j.status, e.format, e.precision
              from export_job e join stage_job j on j.id = e.job_id
             where (e.source_model_id = :model or j.depends_on = :producedBy)
               and j.status in ('BLOCKED', 'QUEUED', 'RUNNING')
             order by j.id desc
            """)
        .param("model", modelId)
        .param("producedBy", producedBy)
        .query(
            (rs, n) ->
                new PendingExport(
                    rs.getLong("id"),
                    rs.getString("status"),
                    variant(rs.getString("format"), rs.getString("precision"))))
        .list();
  }

  static ExportVariant variant(String format, String precision) {
    return new ExportVariant(
        WireName.parse(ExportFormat.class, format).orElseThrow(),
        WireName.parse(Precision.class, precision).orElseThrow());
  }

  /** An export job that has not ended, and what it exports. */
  public record PendingExport(long jobId, String status, ExportVariant variant) {}
}
