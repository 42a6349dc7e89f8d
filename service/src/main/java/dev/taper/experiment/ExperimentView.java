package dev.taper.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.queue.JobProgress;
import dev.taper.queue.JobStatus;
import dev.taper.queue.JobView;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.ModelMetrics;
import dev.taper.training.export.ExportVariant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An experiment with its stages and the models they produced.
 *
 * @param tags labels to find it by, sorted (set at submission or with PATCH; not part of the spec)
 */
public record ExperimentView(
    UUID id,
    String name,
    List<String> tags,
    ExperimentStatus status,
    @Schema(
            nullable = true,
            description =
                "Why stages wait when Taper can tell: stages that need a GPU and no live worker"
                    + " that takes GPU jobs")
        String waitingFor,
    boolean cancelRequested,
    UUID teacherModelId,
    Instant createdAt,
    @Schema(
            description =
                "When the experiment last changed: submitted, retagged, cancelled, or a stage"
                    + " started or ended")
        Instant updatedAt,
    @Schema(
            implementation = ExperimentSpec.class,
            description = "The spec with every default filled in")
        JsonNode spec,
    List<Stage> stages,
    List<Model> models) {

  /**
   * @param dependsOn the stage this one waits for, or null
   */
  @Schema(name = "ExperimentStage")
  public record Stage(
      long id,
      String kind,
      JobStatus status,
      JobProgress progress,
      int attempt,
      Long dependsOn,
      @Schema(description = JobView.ERROR) String error,
      @Schema(description = JobView.ERROR_ATTEMPT, example = "1") Integer errorAttempt) {}

  /**
   * @param metrics test accuracy and loss, parameters, FLOPs per example, bytes and the rest of the
   *     stage's metrics; an export's model card
   * @param export an export's format and precision, absent for trained models
   */
  @Schema(name = "ExperimentModel")
  public record Model(
      UUID id,
      ModelRole role,
      @Schema(implementation = ModelMetrics.class, description = ModelView.METRICS)
          JsonNode metrics,
      @JsonInclude(JsonInclude.Include.NON_NULL) ExportVariant export) {}

  /** One row of a listing. */
  @Schema(name = "ExperimentSummary")
  public record Summary(
      UUID id, String name, ExperimentStatus status, Instant createdAt, List<String> tags) {}
}
