package dev.taper.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Generated;

@Entity
@Table(name = "dataset")
class RegisteredDatasetEntity {

  @Id private UUID id;

  @Column(nullable = false, unique = true)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private DatasetFormat format;

  @Column(nullable = false)
  private String uri;

  @Column(nullable = false)
  private String sha256;

  @Column(name = "example_shape", nullable = false)
  private String exampleShape;

  @Column(nullable = false)
  private int classes;

  @Column(name = "train_count", nullable = false)
  private int trainCount;

  @Column(name = "test_count", nullable = false)
  private int testCount;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  private Instant createdAt;

  protected RegisteredDatasetEntity() {}

  RegisteredDatasetEntity(RegisteredDataset d) {
    this.id = d.id();
    this.name = d.name();
    this.format = d.format();
    this.uri = d.uri();
    this.sha256 = d.sha256();
    this.exampleShape = RegisteredDataset.shapeText(d.exampleShape());
    this.classes = d.classes();
    this.trainCount = d.trainExamples();
    this.testCount = d.testExamples();
  }

  RegisteredDataset view() {
    return new RegisteredDataset(
        id,
        name,
        format,
        uri,
        sha256,
        RegisteredDataset.shapeOf(exampleShape),
        classes,
        trainCount,
        testCount,
        createdAt);
  }
}
