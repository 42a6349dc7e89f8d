package dev.taper.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.taper.training.ModelMetrics;
import dev.taper.training.family.Architecture;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A recorded model.
 *
 * @param metrics the stage's {@code ModelMetrics}: test accuracy and loss, parameters, FLOPs per
 *     example, bytes, wall time, samples/s, and for WARMED the imitation loss of every layer
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
    @Schema(implementation = ModelMetrics.class) JsonNode metrics,
    String fingerprint,
    Instant createdAt,
    @JsonIgnore String artifactKey) {}
