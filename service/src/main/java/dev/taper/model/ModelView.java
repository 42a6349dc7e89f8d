package dev.taper.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.ModelMetrics;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.family.Architecture;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A recorded model.
 *
 * @param metrics the stage's {@code ModelMetrics}: test accuracy and loss, parameters, FLOPs per
 *     example, bytes, wall time, samples/s, and for WARMED the imitation loss of every layer; for
 *     an EXPORT, its measured card (the worker's {@code ExportMetrics}); and {@code input}, what
 *     the model reads and how its training standardised it (absent from models published before
 *     workers recorded it)
 * @param export an EXPORT model's format and precision, absent for trained models
 */
public record ModelView(
    UUID id,
    UUID experimentId,
    long producedBy,
    ModelRole role,
    String family,
    @Schema(implementation = Architecture.class) JsonNode architecture,
    long paramCount,
    long flops,
    long sizeBytes,
    String sha256,
    @Schema(implementation = ModelMetrics.class, description = METRICS) JsonNode metrics,
    String fingerprint,
    Instant createdAt,
    @JsonIgnore String artifactKey,
    @JsonInclude(JsonInclude.Include.NON_NULL) ExportVariant export) {

  /** What a model's metrics are, as the contract describes them wherever they appear. */
  public static final String METRICS =
      "What the stage measured; a metric that does not apply to the model (a WIDE model's merge"
          + " error, say) is null. `input` says what the model reads and how its training"
          + " standardised it, as the download's model-card.json does";

  /** A trained model (not an export). */
  public ModelView(
      UUID id,
      UUID experimentId,
      long producedBy,
      ModelRole role,
      String family,
      JsonNode architecture,
      long paramCount,
      long flops,
      long sizeBytes,
      String sha256,
      JsonNode metrics,
      String fingerprint,
      Instant createdAt,
      String artifactKey) {
    this(
        id,
        experimentId,
        producedBy,
        role,
        family,
        architecture,
        paramCount,
        flops,
        sizeBytes,
        sha256,
        metrics,
        fingerprint,
        createdAt,
        artifactKey,
        null);
  }
}
