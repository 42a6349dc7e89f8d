package dev.taper.model;

import dev.taper.training.WireName;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Generated;

@Entity
@Table(name = "model")
class ModelEntity {

  @Id private UUID id;

  @Column(name = "experiment_id", nullable = false)
  private UUID experimentId;

  @Column(name = "produced_by", nullable = false)
  private long producedBy;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ModelRole role;

  @Column(nullable = false)
  private String family;

  @ColumnTransformer(write = "?::jsonb")
  @Column(nullable = false, columnDefinition = "jsonb")
  private String architecture;

  @Column(name = "param_count", nullable = false)
  private long paramCount;

  @Column(nullable = false)
  private long flops;

  @Column(name = "size_bytes", nullable = false)
  private long sizeBytes;

  @Column(nullable = false)
  private String sha256;

  @Column(name = "artifact_uri", nullable = false)
  private String artifactUri;

  @ColumnTransformer(write = "?::jsonb")
  @Column(nullable = false, columnDefinition = "jsonb")
  private String metrics;

  private String fingerprint;

  /** EXPORT models only: the variant's format and precision, as their wire names. */
  private String format;

  private String precision;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  private Instant createdAt;

  protected ModelEntity() {}

  ModelEntity(NewModel model) {
    this.id = model.id();
    this.experimentId = model.experimentId();
    this.producedBy = model.producedBy();
    this.role = model.role();
    this.family = model.family();
    this.architecture = model.architectureJson();
    this.paramCount = model.paramCount();
    this.flops = model.flops();
    this.sizeBytes = model.sizeBytes();
    this.sha256 = model.sha256();
    this.artifactUri = model.artifactKey();
    this.metrics = model.metricsJson();
    this.fingerprint = model.fingerprint();
    if (model.export() != null) {
      this.format = model.export().format().wireName();
      this.precision = model.export().precision().wireName();
    }
  }

  UUID id() {
    return id;
  }

  UUID experimentId() {
    return experimentId;
  }

  long producedBy() {
    return producedBy;
  }

  ModelRole role() {
    return role;
  }

  String family() {
    return family;
  }

  String architecture() {
    return architecture;
  }

  long paramCount() {
    return paramCount;
  }

  long flops() {
    return flops;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  String sha256() {
    return sha256;
  }

  String artifactUri() {
    return artifactUri;
  }

  String metrics() {
    return metrics;
  }

  String fingerprint() {
    return fingerprint;
  }

  ExportVariant export() {
    if (format == null) {
      return null;
    }
    return new ExportVariant(
        WireName.parse(ExportFormat.class, format).orElseThrow(),
        WireName.parse(Precision.class, precision).orElseThrow());
  }

  Instant createdAt() {
    return createdAt;
  }
}
