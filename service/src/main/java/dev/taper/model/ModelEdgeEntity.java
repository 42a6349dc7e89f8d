package dev.taper.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

@Entity
@Table(name = "model_edge")
class ModelEdgeEntity {

  @EmbeddedId private Key key;

  protected ModelEdgeEntity() {}

  ModelEdgeEntity(UUID parent, UUID child, EdgeRelation relation) {
    this.key = new Key(parent, child, relation);
  }

  Key key() {
    return key;
  }

  @Embeddable
  record Key(
      @Column(name = "parent_id") UUID parentId,
      @Column(name = "child_id") UUID childId,
      @Enumerated(EnumType.STRING) @Column(name = "relation") EdgeRelation relation)
      implements Serializable {}
}
