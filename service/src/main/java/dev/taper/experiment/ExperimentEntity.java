package dev.taper.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.Generated;

@Entity
@Table(name = "experiment")
class ExperimentEntity {

  static final String DEFAULT_TENANT = "default";

  @Id private UUID id;

  @Column(nullable = false)
  private String tenant;

  @Column(nullable = false)
  private String name;

  /** The resolved spec: what the workers run, with every default filled in. */
  @ColumnTransformer(write = "?::jsonb")
  @Column(nullable = false, columnDefinition = "jsonb")
  private String spec;

  @Column(name = "spec_hash", nullable = false)
  private String specHash;

  @Column(name = "idempotency_key")
  private String idempotencyKey;

  @Column(name = "teacher_model_id")
  private UUID teacherModelId;

  @Column(name = "cancel_requested", nullable = false)
  private boolean cancelRequested;

  @Enumerated(EnumType.STRING)
  @Formula("experiment_status(id)")
  private ExperimentStatus status;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /**
   * The last change anyone can see: the row's own (submission, tags, cancellation) or a stage's
   * start or end; never before the creation, whose time the database sets.
   */
  @Formula(
      "greatest(created_at, updated_at, (select max(greatest(j.started_at, j.finished_at))"
          + " from stage_job j where j.experiment_id = id))")
  private Instant lastChangedAt;

  protected ExperimentEntity() {}

  ExperimentEntity(
      UUID id,
      String name,
      String spec,
      String specHash,
      String idempotencyKey,
      UUID teacherModelId,
      Instant now) {
    this.id = id;
    this.tenant = DEFAULT_TENANT;
    this.name = name;
    this.spec = spec;
    this.specHash = specHash;
    this.idempotencyKey = idempotencyKey;
    this.teacherModelId = teacherModelId;
    this.updatedAt = now;
  }

  void requestCancel() {
    this.cancelRequested = true;
  }

  UUID id() {
    return id;
  }

  String name() {
    return name;
  }

  String spec() {
    return spec;
  }

  String specHash() {
    return specHash;
  }

  UUID teacherModelId() {
    return teacherModelId;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  ExperimentStatus status() {
    return status;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant lastChangedAt() {
    return lastChangedAt;
  }
}
