package dev.taper.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.onnx.Precision;
import java.util.UUID;

/**
 * Where one export of a model stands.
 *
 * @param modelId the export's model once it exists (download it, or its source with {@code
 *     ?format=&precision=})
 * @param jobId the EXPORT job making it, while there is one
 * @param status {@code EXPORTED}, or the job's status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportStatus(
    ExportFormat format, Precision precision, String status, UUID modelId, Long jobId) {

  static final String EXPORTED = "EXPORTED";
}
