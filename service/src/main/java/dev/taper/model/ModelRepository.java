package dev.taper.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ModelRepository extends JpaRepository<ModelEntity, UUID> {

  List<ModelEntity> findByExperimentIdOrderByCreatedAt(UUID experimentId);

  Optional<ModelEntity> findFirstByExperimentIdAndRoleOrderByCreatedAtDesc(
      UUID experimentId, ModelRole role);

  Optional<ModelEntity> findFirstByFingerprintAndRoleOrderByCreatedAtDesc(
      String fingerprint, ModelRole role);

  List<ModelEntity> findByIdIn(Collection<UUID> ids);
}
