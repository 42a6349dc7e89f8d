package dev.taper.export;

import dev.taper.training.export.ExportVariant;
import java.util.UUID;

/**
 * What one EXPORT job exports.
 *
 * @param sourceModelId the model named when the export was requested for an existing model, or null
 *     for an export planned with its experiment
 * @param dependsOn the job whose model an export planned with its experiment exports, else null
 */
public record ExportRequest(long jobId, UUID sourceModelId, Long dependsOn, ExportVariant variant) {

  public ExportRequest {
    if ((sourceModelId == null) == (dependsOn == null)) {
      throw new IllegalArgumentException(
          "export job " + jobId + " needs exactly one of a source model and a dependency");
    }
  }
}
