package dev.taper.model;

import dev.taper.training.export.ExportVariant;
import java.util.UUID;

/**
 * A model to record, whose files are already in the artifact store under {@code artifactKey}.
 *
 * @param fingerprint what a WIDE model was trained from (see {@link ModelFingerprint}), else null
 * @param export an EXPORT model's format and precision, else null
 */
public record NewModel(
    UUID id,
    UUID experimentId,
    long producedBy,
    ModelRole role,
    String family,
    String architectureJson,
    long paramCount,
    long flops,
    long sizeBytes,
    String sha256,
    String artifactKey,
    String metricsJson,
    String fingerprint,
    ExportVariant export) {

  /** A trained model (not an export). */
  public NewModel(
      UUID id,
      UUID experimentId,
      long producedBy,
      ModelRole role,
      String family,
      String architectureJson,
      long paramCount,
      long flops,
      long sizeBytes,
      String sha256,
      String artifactKey,
      String metricsJson,
      String fingerprint) {
    this(
        id,
        experimentId,
        producedBy,
        role,
        family,
        architectureJson,
        paramCount,
        flops,
        sizeBytes,
        sha256,
        artifactKey,
        metricsJson,
        fingerprint,
        null);
  }
}
