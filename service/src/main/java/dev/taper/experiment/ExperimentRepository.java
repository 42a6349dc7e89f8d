package dev.taper.experiment;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ExperimentRepository extends JpaRepository<ExperimentEntity, UUID> {

  Optional<ExperimentEntity> findByTenantAndIdempotencyKey(String tenant, String idempotencyKey);

  /**
   * Records a change to the experiment's row on the database's clock, the one its stages' times are
   * on, so that the latest of them is the latest change whatever the API process's clock says.
   */
  @Modifying
  @Query(value = "update experiment set updated_at = now() where id = :id", nativeQuery = true)
  int touch(UUID id);
}
