package dev.taper.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<ModelEntity, UUID> {

  List<ModelEntity> findByExperimentIdOrderByCreatedAt(UUID experimentId);

  Optional<ModelEntity> findFirstByExperimentIdAndRoleOrderByCreatedAtDesc(
      UUID experimentId, ModelRole role);

  Optional<ModelEntity> findFirstByFingerprintAndRoleOrderByCreatedAtDesc(
      String fingerprint, ModelRole role);

  List<ModelEntity> findByIdIn(Collection<UUID> ids);

  Optional<ModelEntity> findByProducedBy(long producedBy);

  @Query(
      """
      select m from ModelEntity m, ModelEdgeEntity e
       where e.key.childId = m.id and e.key.parentId = :parent
         and e.key.relation = dev.taper.model.EdgeRelation.EXPORTED_FROM
       order by m.createdAt""")
  List<ModelEntity> findExportsOf(UUID parent);
}
