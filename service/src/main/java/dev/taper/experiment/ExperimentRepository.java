package dev.taper.experiment;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<ExperimentEntity, UUID> {

  Optional<ExperimentEntity> findByTenantAndIdempotencyKey(String tenant, String idempotencyKey);
}
