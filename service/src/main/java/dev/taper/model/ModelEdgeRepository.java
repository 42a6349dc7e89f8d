package dev.taper.model;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelEdgeRepository extends JpaRepository<ModelEdgeEntity, ModelEdgeEntity.Key> {

  @Query(
      "select e from ModelEdgeEntity e" + " where e.key.parentId in :ids and e.key.childId in :ids")
  List<ModelEdgeEntity> findAmong(Collection<UUID> ids);
}
