package dev.taper.experiment;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ExperimentRepository extends JpaRepository<ExperimentEntity, UUID> {

  Optional<ExperimentEntity> findByTenantAndIdempotencyKey(String tenant, String idempotencyKey);

  /**
   * How many records have the id (0 or 1), locked until the transaction ends: a deletion holds it
   * while it checks what depends on the experiment and deletes it. Whatever is to depend on the
   * experiment holds the record first (a share lock, or a foreign key's), so it waits for the
   * deletion or the deletion for it.
   */
  @Query(
      value = "select count(*) from (select 1 from experiment where id = :id for update) held",
      nativeQuery = true)
  long lockForDeletion(UUID id);

  /**
   * How many records have the id (0 or 1), locked against a deletion (and another change, not a
   * reader) until the transaction ends: a change to the experiment's tags or its cancellation holds
   * it, so that it waits for a deletion and then finds nothing, or the deletion waits for it.
   */
  @Query(
      value =
          "select count(*) from (select 1 from experiment where id = :id for no key update) held",
      nativeQuery = true)
  long holdForChange(UUID id);

  /** Deletes the record (its tags go with it) once everything else it owns is deleted. */
  @Modifying
  @Query(value = "delete from experiment where id = :id", nativeQuery = true)
  int deleteRecord(UUID id);

  /**
   * Records a change to the experiment's row on the database's clock, the one its stages' times are
   * on, so that the latest of them is the latest change whatever the API process's clock says.
   */
  @Modifying
  @Query(value = "update experiment set updated_at = now() where id = :id", nativeQuery = true)
  int touch(UUID id);
}
