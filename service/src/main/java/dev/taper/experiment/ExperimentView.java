package dev.taper.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.model.ModelRole;
import dev.taper.queue.JobProgress;
import dev.taper.queue.JobStatus;
import dev.taper.training.export.ExportVariant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An experiment with its stages and the models they produced. */
public record ExperimentView(
    UUID id,
    String name,
    ExperimentStatus status,
    boolean cancelRequested,
    UUID teacherModelId,
    Instant createdAt,
    Instant updatedAt,
    JsonNode spec,
    List<Stage> stages,
    List<Model> models) {

  /**
   * @param dependsOn the stage this one waits for, or null
   */
  public record Stage(
      long id,
      String kind,
      JobStatus status,
      JobProgress progress,
      int attempt,
      Long dependsOn,
      String error) {}

  /**
   * @param metrics test accuracy and loss, parameters, FLOPs per example, bytes and the rest of the
   *     stage's metrics; an export's model card
   * @param export an export's format and precision, absent for trained models
   */
  public record Model(
      UUID id,
      ModelRole role,
      JsonNode metrics,
      @JsonInclude(JsonInclude.Include.NON_NULL) ExportVariant export) {}

  /** One row of a listing. */
  public record Summary(UUID id, String name, ExperimentStatus status, Instant createdAt) {}
}
